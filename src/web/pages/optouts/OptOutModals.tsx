import { useState } from 'react';
import {
  Alert,
  Button,
  FileButton,
  Group,
  List,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import { useImportOptOuts, useSetOptOut, type OptOutImportResult, type ValueChange } from '../../api/optouts';
import type { Channel } from '../../api/types';
import { CHANNEL_LABELS } from '../../lib/constants';
import { notifyError, notifySuccess } from '../../components/notify';

export const CHANNEL_OPTIONS = Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }));
const num = (n: number) => n.toLocaleString();

/** Opt out a value (new) or make one contactable again (reinstate, reason required). */
export function ValueStatusModal({
  mode,
  initial,
  onClose,
}: {
  mode: 'opted_out' | 'active' | null;
  initial?: { channel: Channel; value: string };
  onClose: () => void;
}) {
  const set = useSetOptOut();
  const [form, setForm] = useState<ValueChange>({
    channel: initial?.channel ?? 'phone',
    value: initial?.value ?? '',
    reason: '',
  });
  const errors = isApiError(set.error) ? set.error.fieldErrors : {};
  const reinstate = mode === 'active';
  const submit = () =>
    mode &&
    set.mutate(
      { ...form, status: mode },
      {
        onSuccess: (r) => {
          const where = r.pointsChanged
            ? `${num(r.pointsChanged)} contact point${r.pointsChanged === 1 ? '' : 's'} changed`
            : r.suppressed
              ? 'No contact has it yet: it is on the suppression list'
              : r.unsuppressed
                ? 'Taken off the suppression list'
                : 'It already had this status';
          notifySuccess(
            where,
            reinstate ? `${r.normalized} may be contacted again` : `${r.normalized} opted out`,
          );
          onClose();
        },
        onError: (e) => {
          if (!isApiError(e) || e.status >= 500 || !e.errors.length) notifyError(e, 'Could not save');
        },
      },
    );
  return (
    <Modal
      opened={mode !== null}
      onClose={onClose}
      title={<Text fw={600}>{reinstate ? 'Reinstate a value' : 'Opt out a value'}</Text>}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {reinstate
            ? 'Every contact point with this value becomes active again, and the value leaves the suppression list. Say why: consent is recorded in the history.'
            : 'Every contact point with this value is opted out. If no contact has it yet, it is kept on the suppression list and applies the moment one does.'}
        </Text>
        <Group grow align="flex-start">
          <Select
            label="Channel"
            data={CHANNEL_OPTIONS}
            value={form.channel}
            onChange={(v) => v && setForm({ ...form, channel: v as Channel })}
            allowDeselect={false}
            disabled={!!initial}
            error={errors.channel}
          />
          <TextInput
            label="Value"
            placeholder={form.channel === 'email' ? 'name@example.com' : '+1 212 555 0100'}
            value={form.value}
            onChange={(e) => setForm({ ...form, value: e.currentTarget.value })}
            disabled={!!initial}
            error={errors.value}
            data-autofocus={!initial || undefined}
          />
        </Group>
        <Textarea
          label="Reason"
          required={reinstate}
          placeholder={reinstate ? 'Consent given on the web form on 3 May' : 'Asked not to be called'}
          value={form.reason}
          onChange={(e) => setForm({ ...form, reason: e.currentTarget.value })}
          error={errors.reason}
          autosize
          minRows={2}
          data-autofocus={initial ? true : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color={reinstate ? undefined : 'red'} loading={set.isPending} onClick={submit}>
            {reinstate ? 'Reinstate' : 'Opt out'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const EACH_LINE = 'each-line';

/** Paste a list or load a file: one value per line, or channel,value,reason lines. */
export function ImportOptOutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const run = useImportOptOuts();
  const [channel, setChannel] = useState<string>('phone');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [result, setResult] = useState<OptOutImportResult | null>(null);
  const errors = isApiError(run.error) ? run.error.fieldErrors : {};
  const lines = text.split(/\r?\n/).filter((l) => l.trim()).length;
  const close = () => {
    setResult(null);
    setText('');
    setFileName(null);
    run.reset();
    onClose();
  };
  const load = async (file: File | null) => {
    if (!file) return;
    setFileName(file.name);
    setText(await file.text());
  };
  const submit = () =>
    run.mutate(
      {
        text,
        channel: channel === EACH_LINE ? undefined : (channel as Channel),
        reason: reason.trim() || undefined,
      },
      {
        onSuccess: setResult,
        onError: (e) => {
          if (!isApiError(e) || e.status >= 500 || !e.errors.length) notifyError(e, 'Could not import');
        },
      },
    );

  return (
    <Modal opened={opened} onClose={close} size="lg" title={<Text fw={600}>Import opt-outs</Text>}>
      {result ? (
        <Stack data-testid="optout-import-result">
          <Alert color={result.failed.length ? 'yellow' : 'teal'} title={`${num(result.read)} lines read`}>
            <List size="sm" spacing={2}>
              <List.Item>{num(result.optedOut)} opted out on contacts</List.Item>
              <List.Item>{num(result.suppressed)} added to the suppression list (no contact yet)</List.Item>
              <List.Item>{num(result.already)} already opted out</List.Item>
              <List.Item>{num(result.failed.length)} could not be read</List.Item>
            </List>
          </Alert>
          {result.failed.length > 0 && (
            <Stack gap={4} data-testid="optout-import-failures">
              {result.failed.slice(0, 50).map((f) => (
                <Text key={f.line} size="sm">
                  Line {f.line}: {f.error}
                </Text>
              ))}
              {result.failed.length > 50 && (
                <Text size="sm" c="dimmed">
                  …and {num(result.failed.length - 50)} more
                </Text>
              )}
            </Stack>
          )}
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <Group grow align="flex-start">
            <Select
              label="Channel"
              data={[{ value: EACH_LINE, label: 'Named on each line' }, ...CHANNEL_OPTIONS]}
              value={channel}
              onChange={(v) => v && setChannel(v)}
              allowDeselect={false}
              error={errors.channel}
            />
            <TextInput
              label="Reason"
              placeholder="National do-not-call list, May"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={errors.reason}
            />
          </Group>
          <Textarea
            label="Values"
            description={
              channel === EACH_LINE
                ? 'One per line: channel,value,reason (for example "email,ann@example.com,Bounced").'
                : 'One value per line; a second column, if any, is the reason for that line.'
            }
            placeholder={channel === EACH_LINE ? 'phone,+12125550100,Asked by phone' : '+12125550100'}
            autosize
            minRows={6}
            maxRows={14}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setFileName(null);
            }}
            error={errors.text}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
          <Group justify="space-between">
            <Group gap="xs">
              <FileButton onChange={load} accept=".csv,.txt,text/csv,text/plain">
                {(props) => (
                  <Button {...props} variant="light" leftSection={<IconFileUpload size={16} />}>
                    Load a file
                  </Button>
                )}
              </FileButton>
              <Text size="sm" c="dimmed" data-testid="optout-import-lines">
                {fileName ? `${fileName}: ` : ''}
                {num(lines)} {lines === 1 ? 'line' : 'lines'}
              </Text>
            </Group>
            <Group gap="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button color="red" loading={run.isPending} disabled={lines === 0} onClick={submit}>
                Opt out {lines ? num(lines) : ''} {lines === 1 ? 'value' : 'values'}
              </Button>
            </Group>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
