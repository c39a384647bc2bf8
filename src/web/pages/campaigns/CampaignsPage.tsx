import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Anchor, Badge, Button, Group, Modal, Paper, Table, Text } from '@mantine/core';
import { IconPlus, IconSpeakerphone } from '@tabler/icons-react';
import { useCampaigns, type Campaign } from '../../api/campaigns';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { CampaignForm } from './CampaignForm';
import {
  CAMPAIGN_CHANNEL_LABELS,
  LOADING_LABELS,
  STATUS_COLORS,
  STATUS_LABELS,
  windowSummary,
} from './format';

export function StatusBadge({ status }: { status: Campaign['status'] }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="campaign-status" data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}

export function ChannelBadges({ channels }: { channels: Campaign['channels'] }) {
  return (
    <Group gap={4} wrap="nowrap">
      {channels.map((c) => (
        <Badge key={c} variant="outline" color="gray" tt="none" size="sm">
          {CAMPAIGN_CHANNEL_LABELS[c]}
        </Badge>
      ))}
    </Group>
  );
}

/** Every outbound campaign with its channels, status, contact source, attempts and calling window. */
export function CampaignsPage() {
  const navigate = useNavigate();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);

  const create = (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
      New campaign
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Outbound campaigns: who to call or message, on which channels, when, and how often to try again."
        actions={campaigns.data?.length ? create : undefined}
      />
      <QueryBody
        query={campaigns}
        rows={5}
        isEmpty={(data) => data.length === 0}
        empty={
          <EmptyPanel
            icon={<IconSpeakerphone size={28} />}
            title="No campaigns yet"
            description="A campaign holds contact lists and the rules for reaching them: channels, calling window, attempts and delays."
            action={create}
          />
        }
      >
        {(items) => (
          <Paper withBorder>
            <Table.ScrollContainer minWidth={900} type="native">
              <Table
                verticalSpacing="sm"
                horizontalSpacing="md"
                highlightOnHover
                data-testid="campaigns-table"
              >
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Channels</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Contacts from</Table.Th>
                    <Table.Th ta="right">Attempts</Table.Th>
                    <Table.Th>Calling window</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((c) => (
                    <Table.Tr
                      key={c.id}
                      className="clickable-row"
                      onClick={() => navigate(`/campaigns/${c.id}`)}
                      data-testid="campaign-row"
                      data-name={c.name}
                    >
                      <Table.Td>
                        <Anchor
                          component={Link}
                          to={`/campaigns/${c.id}`}
                          fw={600}
                          size="sm"
                          c="inherit"
                          onClick={(e) => e.stopPropagation()}
                        >
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <ChannelBadges channels={c.channels} />
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={c.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{LOADING_LABELS[c.loading]}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                          {c.maxAttempts}
                        </Text>
                      </Table.Td>
                      <Table.Td className="nowrap" data-testid="campaign-window">
                        <Text size="sm">{windowSummary(c.window)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryBody>
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        size={760}
        title={<Text fw={600}>New campaign</Text>}
      >
        {creating && (
          <CampaignForm
            campaign={null}
            stickyFooter
            onCancel={() => setCreating(false)}
            onSaved={(c) => {
              notifySuccess(`“${c.name}” was created. Add a contact list to start.`, 'Campaign created');
              setCreating(false);
              navigate(`/campaigns/${c.id}`);
            }}
          />
        )}
      </Modal>
    </>
  );
}
