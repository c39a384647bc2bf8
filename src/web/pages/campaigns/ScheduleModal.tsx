// A list's schedule: its stored filter or segment run again on a cron, adding the contacts that
// match then and are not on the list yet. The line on the list page says when it runs next; the
// modal turns it on, changes it, or turns it off.
import { useState } from 'react';
import { Alert, Button, Group, Modal, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconClock } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';
import { useMeta } from '../../api/hooks';
import { useClearSchedule, useSetSchedule, type ListSchedule, type OutboundList } from '../../api/campaigns';
import { notifyError, notifySuccess } from '../../components/notify';
import { useSession } from '../../layout/session';
import { formatDateTime } from '../../lib/format';
import { scheduleSummary, scheduleWords } from './format';

const PRESETS = [
  { value: 'daily', label: 'Daily at midnight', cron: '0 0 * * *', hint: 'Every day at 00:00' },
  { value: 'hourly', label: 'Every hour', cron: '0 * * * *', hint: 'At the start of every hour' },
  { value: 'weekdays', label: 'Weekdays at 06:00', cron: '0 6 * * 1-5', hint: 'Monday to Friday at 06:00' },
] as const;
type Preset = (typeof PRESETS)[number]['value'] | 'custom';

const tidy = (cron: string) => cron.trim().split(/\s+/).join(' ');
const presetOf = (cron: string): Preset => PRESETS.find((p) => p.cron === tidy(cron))?.value ?? 'custom';

/** Whether the list can run on a schedule: it was filled from a filter or segment, or runs already. */
export const schedulable = (list: OutboundList) => list.source === 'filter' || list.schedule !== null;

/** "Adds new matches daily at 00:00 UTC · next run in 5 hours" (or "Not scheduled") and a button. */
export function ScheduleLine({ list }: { list: OutboundList }) {
  const me = useSession();
  const [open, setOpen] = useState(false);
  const s = list.schedule;
  const fmt = (v: string | null) => formatDateTime(v, me.workspace.dateFormat);
  const title = s
    ? [
        s.nextRunAt && `Next run: ${fmt(s.nextRunAt)}`,
        `Last run: ${s.lastRunAt ? fmt(s.lastRunAt) : 'not yet'}`,
        `Cron: ${s.cron} (${s.timeZone})`,
      ]
        .filter(Boolean)
        .join('\n')
    : undefined;
  return (
    <>
      <Group gap={6} wrap="nowrap">
        <IconClock size={14} color="var(--mantine-color-dimmed)" style={{ flexShrink: 0 }} />
        <Text
          size="sm"
          c={s ? undefined : 'dimmed'}
          data-testid="list-schedule"
          data-scheduled={s ? 'true' : 'false'}
          title={title}
        >
          {scheduleSummary(s)}
        </Text>
        <Button variant="subtle" size="compact-sm" onClick={() => setOpen(true)}>
          {s ? 'Change schedule' : 'Schedule'}
        </Button>
      </Group>
      <ScheduleModal list={list} opened={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** Why the last scheduled run failed, until a run works again. */
export function ScheduleError({ schedule }: { schedule: ListSchedule | null }) {
  if (!schedule?.lastError) return null;
  return (
    <Alert
      color="red"
      icon={<IconAlertCircle size={18} />}
      title="The last scheduled run failed"
      mb="md"
      data-testid="schedule-error"
    >
      {schedule.lastError}
    </Alert>
  );
}

function ScheduleModal({
  list,
  opened,
  onClose,
}: {
  list: OutboundList;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Schedule “{list.name}”</Text>}>
      {opened && <ScheduleForm list={list} onClose={onClose} />}
    </Modal>
  );
}

function ScheduleForm({ list, onClose }: { list: OutboundList; onClose: () => void }) {
  const meta = useMeta();
  const set = useSetSchedule(list);
  const clear = useClearSchedule(list);
  const current = list.schedule;
  const [preset, setPreset] = useState<Preset>(current ? presetOf(current.cron) : 'daily');
  const [custom, setCustom] = useState(current?.cron ?? '');
  const [timeZone, setTimeZone] = useState<string>(current?.timeZone ?? 'UTC');

  // The server's 400s: cron and timeZone go on their field; anything else (no stored selection) above.
  const err = set.error;
  const errors = isApiError(err) ? err.fieldErrors : {};
  const unplaced = !err
    ? []
    : isApiError(err) && err.errors.length
      ? err.errors.filter((e) => e.path !== 'cron' && e.path !== 'timeZone').map((e) => e.message)
      : [errorMessage(err)];

  const cron = preset === 'custom' ? custom : PRESETS.find((p) => p.value === preset)!.cron;
  const submit = (ev: React.FormEvent) => {
    ev.preventDefault();
    set.mutate(
      { cron, timeZone },
      {
        onSuccess: (l) => {
          notifySuccess(
            `“${l.name}” adds new matches ${scheduleWords(l.schedule ?? { cron, timeZone })}.`,
            current ? 'Schedule changed' : 'Schedule turned on',
          );
          onClose();
        },
      },
    );
  };
  const turnOff = () =>
    clear.mutate(undefined, {
      onSuccess: () => {
        notifySuccess(`“${list.name}” keeps its entries; no new matches are added.`, 'Schedule turned off');
        onClose();
      },
      onError: (e) => notifyError(e, 'Could not turn the schedule off'),
    });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Each run adds the contacts that match the filter or segment the list was last filled from and are
          not on it yet. Contacts already on the list keep their entry.
        </Text>
        {unplaced.length > 0 && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {unplaced.join(' ')}
          </Alert>
        )}
        <Radio.Group
          label="Runs"
          value={preset}
          onChange={(v) => {
            setPreset(v as Preset);
            set.reset();
          }}
          // A preset is a valid cron; should the server still object, say it here.
          error={preset !== 'custom' ? errors.cron : undefined}
        >
          <Stack gap="xs" mt={6}>
            {PRESETS.map((p) => (
              <Radio key={p.value} value={p.value} label={p.label} description={p.hint} />
            ))}
            <Radio value="custom" label="Custom" description="A cron expression" />
          </Stack>
        </Radio.Group>
        {preset === 'custom' && (
          <TextInput
            label="Cron"
            required
            data-autofocus
            placeholder="30 7 * * 1-5"
            description="Five fields: minute hour day-of-month month day-of-week. “30 7 * * 1-5” is 07:30 Monday to Friday."
            value={custom}
            onChange={(e) => setCustom(e.currentTarget.value)}
            error={errors.cron}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        )}
        <Select
          label="Time zone"
          description="The times above are read in this zone"
          data={meta.data?.timeZones ?? []}
          value={timeZone}
          onChange={(v) => v && setTimeZone(v)}
          allowDeselect={false}
          searchable
          limit={50}
          nothingFoundMessage="No such time zone"
          error={errors.timeZone}
        />
        <Group justify="space-between" gap="sm">
          {current ? (
            <Button variant="subtle" color="red" loading={clear.isPending} onClick={turnOff}>
              Turn off
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={set.isPending} disabled={preset === 'custom' && !custom.trim()}>
              {current ? 'Save schedule' : 'Turn on schedule'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
