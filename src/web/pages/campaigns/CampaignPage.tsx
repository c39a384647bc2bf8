import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Anchor, Button, Group, Menu, Paper, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import {
  IconArrowLeft,
  IconDots,
  IconListDetails,
  IconPlayerPause,
  IconPlayerPlay,
  IconSettings,
  IconSpeakerphone,
  IconTrash,
} from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';
import { useCampaign, useDeleteCampaign, useUpdateCampaign, type Campaign } from '../../api/campaigns';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifyError, notifySuccess } from '../../components/notify';
import { CampaignForm } from './CampaignForm';
import { ChannelBadges, StatusBadge } from './CampaignsPage';
import { LOADING_LABELS, windowSummary } from './format';
import { ListsPanel } from './ListsPanel';
import { LoadContactsButton } from './WebServiceLoad';

/** A campaign: its lists (tab "Lists") or its rules (tab "Settings"). */
export function CampaignPage({ tab }: { tab: 'lists' | 'settings' }) {
  const { id = '' } = useParams();
  const campaign = useCampaign(id);
  if (campaign.isPending)
    return (
      <Stack gap="md">
        <Skeleton h={36} w={320} />
        <Skeleton h={300} />
      </Stack>
    );
  if (campaign.isError) return <CampaignProblem error={campaign.error} />;
  return <CampaignView campaign={campaign.data} tab={tab} />;
}

export function CampaignProblem({ error }: { error: unknown }) {
  const missing = isApiError(error) && error.status === 404;
  return (
    <EmptyPanel
      icon={<IconSpeakerphone size={28} />}
      title={missing ? 'This campaign does not exist' : 'Could not load the campaign'}
      description={missing ? 'It may have been deleted.' : errorMessage(error)}
      action={
        <Button component={Link} to="/campaigns" variant="light">
          All campaigns
        </Button>
      }
    />
  );
}

function CampaignView({ campaign: c, tab }: { campaign: Campaign; tab: 'lists' | 'settings' }) {
  const navigate = useNavigate();
  const update = useUpdateCampaign();
  const del = useDeleteCampaign();
  const [deleting, setDeleting] = useState(false);
  const active = c.status === 'active';

  const setStatus = () =>
    update.mutate(
      { id: c.id, status: active ? 'paused' : 'active' },
      {
        onSuccess: (n) =>
          notifySuccess(
            n.status === 'active'
              ? 'Entries of its started lists are handed out again.'
              : 'No entry is handed out until you resume it.',
            n.status === 'active' ? `“${n.name}” resumed` : `“${n.name}” paused`,
          ),
        onError: (e) => notifyError(e, 'Could not change the campaign'),
      },
    );
  const confirmDelete = () =>
    del.mutate(c.id, {
      onSuccess: () => {
        notifySuccess(`“${c.name}” was deleted with its lists; the contacts stay.`, 'Campaign deleted');
        navigate('/campaigns', { replace: true });
      },
      onError: (e) => notifyError(e, 'Could not delete the campaign'),
    });

  return (
    <>
      <Anchor component={Link} to="/campaigns" size="sm" c="dimmed">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Campaigns
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" mt="xs" mb="md" gap="md" wrap="nowrap">
        <Stack gap={6} miw={0}>
          <Group gap="sm" wrap="nowrap">
            <Title order={2} data-testid="campaign-name" style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Title>
            <StatusBadge status={c.status} />
          </Group>
          <Group gap="sm">
            <ChannelBadges channels={c.channels} />
            <Text size="sm" c="dimmed" data-testid="campaign-summary">
              {windowSummary(c.window)} · {c.maxAttempts} {c.maxAttempts === 1 ? 'attempt' : 'attempts'} ·
              contacts from {LOADING_LABELS[c.loading].toLowerCase()}
            </Text>
          </Group>
        </Stack>
        <Group gap="sm" wrap="nowrap">
          {c.loading === 'web_service' && <LoadContactsButton campaign={c} variant="light" />}
          <Button
            variant={active ? 'default' : 'filled'}
            leftSection={active ? <IconPlayerPause size={16} /> : <IconPlayerPlay size={16} />}
            loading={update.isPending}
            onClick={setStatus}
          >
            {active ? 'Pause' : c.status === 'paused' ? 'Resume' : 'Reopen'}
          </Button>
          <Menu position="bottom-end" shadow="md" width={200}>
            <Menu.Target>
              <Button variant="default" px="xs" aria-label="More actions">
                <IconDots size={18} />
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconTrash size={16} />} color="red" onClick={() => setDeleting(true)}>
                Delete campaign
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <Tabs
        value={tab}
        onChange={(t) => navigate(t === 'settings' ? `/campaigns/${c.id}/settings` : `/campaigns/${c.id}`)}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="lists" leftSection={<IconListDetails size={16} />}>
            Lists
          </Tabs.Tab>
          <Tabs.Tab value="settings" leftSection={<IconSettings size={16} />}>
            Settings
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="lists">
          <ListsPanel campaign={c} />
        </Tabs.Panel>
        <Tabs.Panel value="settings">
          <Paper withBorder p="lg" maw={820}>
            <CampaignForm
              key={c.id}
              campaign={c}
              onSaved={(n) => notifySuccess(`“${n.name}” was saved.`, 'Settings saved')}
            />
          </Paper>
        </Tabs.Panel>
      </Tabs>

      <ConfirmModal
        opened={deleting}
        title="Delete campaign"
        confirmLabel="Delete campaign"
        danger
        loading={del.isPending}
        onConfirm={confirmDelete}
        onClose={() => setDeleting(false)}
      >
        “{c.name}” is deleted with its lists and their entries. The contacts themselves stay.
      </ConfirmModal>
    </>
  );
}
