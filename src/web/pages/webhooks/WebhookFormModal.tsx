import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { ALL_EVENTS, EVENT_LABELS, WEBHOOK_EVENTS } from '../../../modules/webhooks/events';
import { WebhookCreate } from '../../../modules/webhooks/schema';
import { useCreateWebhook, useUpdateWebhook, type Webhook, type WebhookWithSecret } from '../../api/webhooks';
import { useFormState, zodErrors } from '../../lib/form';
import { notifySuccess } from '../../components/notify';

interface Values {
  url: string;
  events: string[];
  description: string;
}

const FIELDS = ['url', 'events', 'description'] as const;

function EventChoice({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (v: string[]) => void;
  error?: string;
}) {
  const all = value.includes(ALL_EVENTS);
  return (
    <Stack gap={6}>
      <Checkbox
        label="Every event, including those added later"
        checked={all}
        onChange={(e) => onChange(e.currentTarget.checked ? [ALL_EVENTS] : [])}
      />
      <Checkbox.Group value={all ? [] : value} onChange={onChange} label="Events" error={error} required>
        <SimpleGrid cols={2} spacing={6} mt={6}>
          {WEBHOOK_EVENTS.map((e) => (
            <Checkbox
              key={e}
              value={e}
              disabled={all}
              label={
                <>
                  {EVENT_LABELS[e]}{' '}
                  <Text span size="xs" c="dimmed">
                    {e}
                  </Text>
                </>
              }
            />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </Stack>
  );
}

function HookForm({
  hook,
  onSaved,
  onClose,
}: {
  hook: Webhook | null;
  onSaved: (created: WebhookWithSecret | null) => void;
  onClose: () => void;
}) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const form = useFormState<Values>({
    url: hook?.url ?? '',
    events: hook?.events ?? [],
    description: hook?.description ?? '',
  });
  const pending = create.isPending || update.isPending;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errors = zodErrors(WebhookCreate, form.values);
    // Errors on one event ("events.1") belong to the events field.
    if (errors)
      return form.setErrors(Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.split('.')[0], v])));
    const body = WebhookCreate.parse(form.values);
    const fail = (err: unknown) => form.fail(err, FIELDS);
    if (hook)
      update.mutate(
        { id: hook.id, ...body, description: body.description ?? null },
        {
          onSuccess: () => {
            notifySuccess('The webhook was saved.');
            onSaved(null);
          },
          onError: fail,
        },
      );
    else create.mutate(body, { onSuccess: onSaved, onError: fail });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {form.errors.form && <Alert color="red">{form.errors.form}</Alert>}
        <TextInput
          label="URL"
          description="Events are POSTed here as JSON. http or https; redirects are not followed."
          placeholder="https://example.com/hooks/contacts"
          required
          data-autofocus
          {...form.prop('url')}
        />
        <EventChoice
          value={form.values.events}
          onChange={(v) => form.set('events', v)}
          error={form.errors.events}
        />
        <Textarea
          label="Description"
          description="What receives it, e.g. “CRM sync”"
          autosize
          minRows={1}
          maxRows={4}
          {...form.prop('description')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {hook ? 'Save' : 'Add webhook'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The signing secret, shown once (after creation or rotation), with how to check a signature. */
export function ShowSecret({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <Stack gap="md">
      <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
        Copy this signing secret now. It is shown only once; if you lose it, rotate it to get a new one.
      </Alert>
      <Code
        block
        data-testid="webhook-secret"
        style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', fontSize: 14 }}
      >
        {secret}
      </Code>
      <Text size="xs" c="dimmed">
        Each delivery carries <Code>X-Webhook-Timestamp</Code> and <Code>X-Webhook-Signature: sha256=…</Code>,
        the hex HMAC-SHA256 of <Code>timestamp + "." + body</Code> keyed with this secret. Compute it over the
        raw body and compare; reject old timestamps.
      </Text>
      <Group justify="flex-end" gap="sm">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? 'Copied' : 'Copy secret'}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}

/** Adds a webhook (then shows its secret once) or edits one. */
export function WebhookFormModal({
  opened,
  hook,
  onClose,
}: {
  opened: boolean;
  hook: Webhook | null;
  onClose: () => void;
}) {
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  const title = created ? 'Webhook added' : hook ? 'Edit webhook' : 'Add webhook';
  return (
    <Modal
      opened={opened}
      onClose={close}
      size="lg"
      title={<Text fw={600}>{title}</Text>}
      closeOnClickOutside={!created}
    >
      {opened &&
        (created ? (
          <ShowSecret secret={created.secret} onClose={close} />
        ) : (
          <HookForm
            key={hook?.id ?? 'new'}
            hook={hook}
            onSaved={(c) => (c ? setCreated(c) : close())}
            onClose={close}
          />
        ))}
    </Modal>
  );
}
