import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Grid,
  Group,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowLeft, IconEdit, IconTrash, IconUserQuestion } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import { useContact, useDeleteContact, useFields } from '../../api/hooks';
import { useSession } from '../../layout/session';
import { humanize, TYPE_COLORS } from '../../lib/constants';
import { initials } from '../../lib/format';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifyError, notifySuccess } from '../../components/notify';
import { ProfileView } from './detail/ProfileView';
import { ProfileEditor } from './detail/ProfileEditor';
import { PointsCard } from './detail/PointsCard';
import { SharingCard } from './detail/SharingCard';
import { ChangeLogCard } from './detail/ChangeLogCard';
import { BlockButton, BlockedBanner } from './detail/BlockControl';
import { MergeHistory } from './detail/MergeHistory';
import { DuplicatePrompt } from '../duplicates/DuplicatePrompt';
import { ActivityTab } from './activity/ActivityTab';

export function ContactPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const me = useSession();
  const contact = useContact(id);
  const fields = useFields();
  const del = useDeleteContact();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const editing = params.get('edit') === '1';
  const tab = !editing && params.get('tab') === 'activity' ? 'activity' : 'overview';
  const setTab = (t: string | null) =>
    setParams(t === 'activity' ? { tab: 'activity' } : {}, { replace: true });
  const setEditing = (on: boolean) => setParams(on ? { edit: '1' } : {}, { replace: true });

  const back = (
    <Anchor component={Link} to="/contacts" size="sm" c="dimmed">
      <Group gap={4}>
        <IconArrowLeft size={14} /> Contacts
      </Group>
    </Anchor>
  );

  if (contact.isPending) {
    return (
      <Stack>
        {back}
        <Skeleton height={56} width={360} />
        <Grid>
          <Grid.Col span={{ base: 12, lg: 8 }}>
            <Skeleton height={320} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Skeleton height={320} />
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }
  if (contact.isError) {
    const missing =
      isApiError(contact.error) && (contact.error.status === 404 || contact.error.status === 403);
    return (
      <Stack>
        {back}
        <EmptyPanel
          icon={<IconUserQuestion size={28} />}
          title={missing ? 'Contact not found' : 'Could not load the contact'}
          description={
            missing ? 'It may have been deleted, or it is not shared with you.' : contact.error.message
          }
          action={
            <Button component={Link} to="/contacts">
              Back to contacts
            </Button>
          }
        />
      </Stack>
    );
  }

  const c = contact.data;
  const subtitle = [c.jobTitle, c.company].filter(Boolean).join(' at ');
  // Same rule as the server: admins and the owner may delete.
  const canDelete = me.isManager || (!!me.user && c.ownerId === me.user.id);
  const onDelete = () =>
    del.mutate(c.id, {
      onSuccess: () => {
        notifySuccess(`${c.displayName} was deleted.`, 'Contact deleted');
        navigate('/contacts', { replace: true });
      },
      onError: (e) => notifyError(e, 'Could not delete the contact'),
    });

  return (
    <Stack gap="lg">
      {back}
      <Group justify="space-between" align="center" gap="md">
        <Group gap="md" wrap="nowrap" miw={0}>
          <Avatar size={56} radius="xl" color="brand" variant="light">
            {initials(c.displayName)}
          </Avatar>
          <Stack gap={4} miw={0}>
            <Group gap="sm">
              <Title order={2} data-testid="contact-name">
                {c.displayName}
              </Title>
              <Badge variant="dot" color={c.active ? 'teal' : 'gray'} data-testid="contact-active">
                {c.active ? 'Active' : 'Inactive'}
              </Badge>
              {c.blocked && (
                <Badge color="red" variant="filled" data-testid="contact-blocked">
                  Blocked
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              <Badge variant="light" color={TYPE_COLORS[c.type] ?? 'gray'}>
                {humanize(c.type)}
              </Badge>
              <Badge variant="light" color="gray">
                {humanize(c.level)}
              </Badge>
              {subtitle && (
                <Text size="sm" c="dimmed">
                  {subtitle}
                </Text>
              )}
            </Group>
          </Stack>
        </Group>
        {!editing && (
          <Group gap="sm" wrap="nowrap">
            <BlockButton contact={c} />
            {canDelete && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setConfirmDelete(true)}
              >
                Delete
              </Button>
            )}
            <Button leftSection={<IconEdit size={16} />} onClick={() => setEditing(true)}>
              Edit
            </Button>
          </Group>
        )}
      </Group>
      <BlockedBanner contact={c} />
      <MergeHistory contact={c} />
      {!editing && <DuplicatePrompt contact={c} />}

      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="activity">Activity</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="lg">
                {editing ? (
                  <ProfileEditor
                    key={c.id}
                    contact={c}
                    fields={fields.data ?? []}
                    defaultCountry={me.workspace.defaultCountry}
                    dateFormat={me.workspace.dateFormat}
                    onDone={() => setEditing(false)}
                    reload={() => contact.refetch().then((r) => r.data)}
                  />
                ) : (
                  <>
                    <ProfileView
                      contact={c}
                      fields={fields.data ?? []}
                      dateFormat={me.workspace.dateFormat}
                    />
                    <PointsCard contact={c} />
                  </>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="lg">
                <SharingCard contact={c} />
                <ChangeLogCard contactId={c.id} dateFormat={me.workspace.dateFormat} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="activity">
          <ActivityTab contactId={c.id} dateFormat={me.workspace.dateFormat} />
        </Tabs.Panel>
      </Tabs>

      <ConfirmModal
        opened={confirmDelete}
        title="Delete contact"
        confirmLabel="Delete"
        danger
        loading={del.isPending}
        onConfirm={onDelete}
        onClose={() => setConfirmDelete(false)}
      >
        Delete <b>{c.displayName}</b> with all its contact points? This cannot be undone.
      </ConfirmModal>
    </Stack>
  );
}
