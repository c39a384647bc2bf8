import { Anchor, Badge, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconBrowser,
  IconMail,
  IconMessage,
  IconMessageCircle,
  IconNote,
  IconPhoneIncoming,
  IconPhoneOutgoing,
  IconSpeakerphone,
  type Icon,
} from '@tabler/icons-react';
import type { Activity } from '../../../api/activities';
import { formatDateTime, timeAgo } from '../../../lib/format';

const ICONS: Record<string, Icon> = {
  inquiry: IconMessageCircle,
  chat: IconMessage,
  sms: IconMessage,
  email: IconMail,
  page_visit: IconBrowser,
  campaign_attempt: IconSpeakerphone,
  note: IconNote,
};

const RESULT_COLORS: Record<string, string> = {
  success: 'teal',
  waiting_customer: 'cyan',
  customer_closed: 'gray',
  no_answer: 'yellow',
  busy: 'yellow',
  failed: 'red',
  callback: 'blue',
  invalid_address: 'red',
};

const words = (s: string) => s.replace(/_/g, ' ');

function iconOf(a: Activity): Icon {
  if (a.kind === 'call') return a.direction === 'inbound' ? IconPhoneIncoming : IconPhoneOutgoing;
  return ICONS[a.kind] ?? IconMessage;
}

/** One activity: what, on which channel, when and by whom, with its link or result when it has one. */
export function ActivityItem({ activity: a, dateFormat }: { activity: Activity; dateFormat: string }) {
  const Glyph = iconOf(a);
  const url = typeof a.payload.url === 'string' ? a.payload.url : null;
  const result = typeof a.payload.result === 'string' ? a.payload.result : null;
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid="activity-item" data-kind={a.kind}>
      <ThemeIcon variant="light" size="md" radius="xl" color={a.kind === 'note' ? 'yellow' : 'brand'}>
        <Glyph size={16} />
      </ThemeIcon>
      <Stack gap={2} miw={0} style={{ flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={500} tt="capitalize">
            {words(a.kind === 'campaign_attempt' ? 'campaign call' : a.kind)}
          </Text>
          {a.channel && (
            <Badge size="xs" variant="light" color="gray">
              {words(a.channel)}
            </Badge>
          )}
          {result && (
            <Badge size="xs" variant="light" color={RESULT_COLORS[result] ?? 'gray'}>
              {words(result)}
            </Badge>
          )}
          {a.payload.blocked === true && (
            <Badge size="xs" color="red" variant="filled">
              Blocked
            </Badge>
          )}
        </Group>
        {a.summary && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {a.summary}
          </Text>
        )}
        <Text size="xs" c="dimmed" title={formatDateTime(a.occurredAt, dateFormat)}>
          {timeAgo(a.occurredAt)}
          {a.actor.name ? ` · ${a.actor.name}` : ''}
          {url && (
            <>
              {' · '}
              <Anchor href={url} target="_blank" rel="noreferrer" size="xs">
                Open conversation
              </Anchor>
            </>
          )}
        </Text>
      </Stack>
    </Group>
  );
}
