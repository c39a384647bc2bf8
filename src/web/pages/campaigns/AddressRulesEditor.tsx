import { ActionIcon, Button, Group, Input, Paper, Select, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { CHANNELS, POINT_LABELS } from '../../../modules/contacts/enums';
import type { CampaignChannel } from '../../../modules/campaigns/rules';
import { CHANNEL_LABELS, humanize } from '../../lib/constants';
import { CAMPAIGN_CHANNEL_LABELS } from './format';

export interface RuleDraft {
  /** Stable across reordering, for React keys. */
  key: string;
  use: CampaignChannel;
  channel: (typeof CHANNELS)[number];
  label: (typeof POINT_LABELS)[number] | null;
}

let nextKey = 0;
export const ruleKey = () => `rule-${++nextKey}`;

const POINT_OPTIONS = CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }));
const ANY_LABEL = 'any';
const LABEL_OPTIONS = [
  { value: ANY_LABEL, label: 'Any label' },
  ...POINT_LABELS.map((l) => ({ value: l, label: humanize(l) })),
];

interface Props {
  rules: RuleDraft[];
  channels: readonly CampaignChannel[];
  onChange: (rules: RuleDraft[]) => void;
  /** The server's message for the whole list ("channel sms has no rule"). */
  error?: string;
  /** The server's message for one rule's field, by index and field. */
  errorAt: (index: number, field: 'use' | 'channel' | 'label') => string | undefined;
}

/** The ordered list of contact points each campaign channel tries: first rule first. */
export function AddressRulesEditor({ rules, channels, onChange, error, errorAt }: Props) {
  const useOptions = channels.map((c) => ({ value: c, label: CAMPAIGN_CHANNEL_LABELS[c] }));
  const update = (i: number, patch: Partial<RuleDraft>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const add = () =>
    onChange([...rules, { key: ruleKey(), use: channels[0] ?? 'voice', channel: 'phone', label: null }]);

  return (
    <Input.Wrapper
      label="Address rules"
      description="For each channel of the campaign, which of the contact’s points to use, in this order: the first one the contact has (and has not opted out of) is used."
      error={error}
    >
      <Stack gap={6} mt={8} data-testid="address-rules">
        {rules.length === 0 && (
          <Text size="sm" c="dimmed">
            No rule: add one per channel.
          </Text>
        )}
        {rules.map((r, i) => {
          const n = i + 1;
          return (
            <Paper key={r.key} withBorder p="xs" data-testid="address-rule">
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed" w={20} ta="right" mt={6} style={{ flexShrink: 0 }}>
                  {n}.
                </Text>
                <Select
                  aria-label={`Rule ${n}: campaign channel`}
                  data={useOptions}
                  value={r.use}
                  onChange={(v) => v && update(i, { use: v as CampaignChannel })}
                  allowDeselect={false}
                  error={errorAt(i, 'use')}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <Text size="sm" c="dimmed" mt={6} style={{ flexShrink: 0 }}>
                  uses
                </Text>
                <Select
                  aria-label={`Rule ${n}: contact point`}
                  data={POINT_OPTIONS}
                  value={r.channel}
                  onChange={(v) => v && update(i, { channel: v as RuleDraft['channel'] })}
                  allowDeselect={false}
                  error={errorAt(i, 'channel')}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <Select
                  aria-label={`Rule ${n}: label`}
                  data={LABEL_OPTIONS}
                  value={r.label ?? ANY_LABEL}
                  onChange={(v) =>
                    update(i, { label: !v || v === ANY_LABEL ? null : (v as RuleDraft['label']) })
                  }
                  allowDeselect={false}
                  error={errorAt(i, 'label')}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <Group gap={2} wrap="nowrap" mt={3} style={{ flexShrink: 0 }}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move rule ${n} up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Move rule ${n} down`}
                    disabled={i === rules.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove rule ${n}`}
                    onClick={() => onChange(rules.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              </Group>
            </Paper>
          );
        })}
        <Group>
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={add}
            disabled={channels.length === 0}
          >
            Add a rule
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
