import { useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { isApiError } from '../../../api/client';
import { useBlockContact } from '../../../api/hooks';
import type { Contact } from '../../../api/types';
import { notifyError, notifySuccess } from '../../../components/notify';

/** Block (with a reason) or unblock: blocked contacts get no calls or messages. */
export function BlockButton({ contact: c }: { contact: Contact }) {
  const block = useBlockContact(c.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const errors = isApiError(block.error) ? block.error.fieldErrors : {};
  if (c.blocked)
    return (
      <Button
        variant="light"
        color="gray"
        leftSection={<IconLockOpen size={16} />}
        loading={block.isPending}
        onClick={() =>
          block.mutate(
            { block: false },
            {
              onSuccess: () => notifySuccess(`${c.displayName} may be contacted again.`, 'Contact unblocked'),
              onError: (e) => notifyError(e, 'Could not unblock the contact'),
            },
          )
        }
      >
        Unblock
      </Button>
    );
  return (
    <>
      <Button variant="light" color="red" leftSection={<IconLock size={16} />} onClick={() => setOpen(true)}>
        Block
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={<Text fw={600}>Block {c.displayName}?</Text>}
      >
        <Stack>
          <Text size="sm">
            A blocked contact gets no calls or messages from any campaign, and conversations it starts are
            marked blocked. You can unblock it at any time.
          </Text>
          <Textarea
            label="Reason"
            placeholder="Abusive on the phone"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={errors.reason}
            autosize
            minRows={2}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={block.isPending}
              onClick={() =>
                block.mutate(
                  { block: true, reason },
                  {
                    onSuccess: () => {
                      setOpen(false);
                      setReason('');
                      notifySuccess(`${c.displayName} gets no calls or messages now.`, 'Contact blocked');
                    },
                    onError: (e) => {
                      if (!isApiError(e) || !e.errors.length) notifyError(e, 'Could not block the contact');
                    },
                  },
                )
              }
            >
              Block
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** Shown on a blocked contact's page, above everything else. */
export function BlockedBanner({ contact: c }: { contact: Contact }) {
  if (!c.blocked) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconLock size={18} />}
      title="Blocked"
      data-testid="blocked-banner"
    >
      {c.blockedReason ? `${c.blockedReason}. ` : ''}
      This contact gets no calls or messages, and conversations it starts are marked blocked.
    </Alert>
  );
}
