import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Loader, Modal, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../../api/client';
import { isBulkRunning, useBulkAction, useStartBulkAction, type BulkAction } from '../../../api/bulk';
import { keys } from '../../../api/hooks';
import { useSession } from '../../../layout/session';
import { ACTIONS, buildSpec, emptyDraft, type ActionDraft, type ActionKind } from './actions';
import { ActionSentence } from './ActionSentence';
import { GroupInput, OwnerInput, TagsField } from './ActionInputs';
import { BulkRunView } from './BulkRunView';
import { FieldValueEditor } from './FieldValueEditor';
import { contactsWord, num, selectionOf, type BulkTarget } from './target';
import { useEligibleCount } from './useEligibleCount';
import { buttonText, countFromConflict } from './words';

type Kind = Exclude<ActionKind, 'export'>;

interface Props {
  kind: Kind | null;
  target: BulkTarget | null;
  /** `running` is the action still going on the server when the modal was closed. */
  onClose: (running?: BulkAction) => void;
  /** The action ended (done, failed or cancelled); `inline` when the server did it within the request. */
  onFinished?: (a: BulkAction, inline: boolean) => void;
}

/** One bulk action: its inputs, the sentence saying what will happen, then its progress and result. */
export function BulkActionModal({ kind, target, onClose, onFinished }: Props) {
  const [running, setRunning] = useState<BulkAction | null>(null);
  // The number the form shows (it may change after a 409), for the title of a delete.
  const [shown, setShown] = useState<number | undefined>();
  const close = () => {
    onClose(running ?? undefined);
    setRunning(null);
    setShown(undefined);
  };
  const title =
    kind === 'delete' && target
      ? `Delete ${contactsWord(shown ?? target.count)}`
      : kind
        ? ACTIONS[kind].label
        : '';
  return (
    <Modal
      opened={!!kind && !!target}
      onClose={close}
      size="lg"
      title={<Text fw={600}>{title}</Text>}
      closeOnClickOutside={false}
    >
      {kind && target && (
        <BulkActionForm
          key={kind}
          kind={kind}
          target={target}
          onClose={close}
          onRunning={setRunning}
          onFinished={onFinished}
          onCount={setShown}
        />
      )}
    </Modal>
  );
}

function BulkActionForm({
  kind,
  target,
  onClose,
  onRunning,
  onFinished,
  onCount,
}: {
  kind: Kind;
  target: BulkTarget;
  onClose: () => void;
  onRunning: (a: BulkAction | null) => void;
  onCount: (n: number | undefined) => void;
  onFinished?: (a: BulkAction, inline: boolean) => void;
}) {
  const qc = useQueryClient();
  const [draft, setDraft] = useState<ActionDraft>(emptyDraft);
  const eligible = useEligibleCount(kind, target);
  // A 409 tells the number the selection holds now; from then on that is the number shown.
  const [corrected, setCorrected] = useState<number | null>(null);
  const n = corrected ?? eligible.count;
  const me = useSession();
  const ownedOnly = ACTIONS[kind].ownedOnly && !me.isManager;
  // For a manager the corrected number is the selection's; for an agent, that of its own contacts.
  const shown = corrected !== null && !ownedOnly ? { ...target, count: corrected } : target;
  useEffect(() => onCount(n), [n, onCount]);
  useEffect(() => () => onCount(undefined), [onCount]);
  const [typed, setTyped] = useState('');
  const [tried, setTried] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const start = useStartBulkAction();
  const [started, setStarted] = useState<BulkAction | null>(null);
  const live = useBulkAction(started?.id ?? null, started ?? undefined);
  const current = live.data ?? started;

  const spec = buildSpec(kind, draft);
  const missing = 'missing' in spec ? spec.missing : null;
  const confirmed =
    kind !== 'delete' || (n !== undefined && (typed.trim() === num(n) || typed.trim() === String(n)));
  const change = (patch: Partial<ActionDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFailure(null);
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (missing || n === undefined || !confirmed || 'missing' in spec) return;
    setFailure(null);
    start.mutate(
      { selection: selectionOf(target), action: spec, expectedCount: n },
      {
        onSuccess: (a) => {
          setStarted(a);
          if (isBulkRunning(a)) onRunning(a);
          else onFinished?.(a, true);
        },
        onError: (err) => {
          setFailure(err);
          const now = countFromConflict(err);
          if (now !== null) {
            setCorrected(now);
            setTyped('');
            setTried(false);
            qc.invalidateQueries({ queryKey: [...keys.contacts, 'count'] });
          }
        },
      },
    );
  };

  if (current) {
    const done = !isBulkRunning(current);
    return (
      <Stack gap="md">
        <ActionSentence kind={kind} draft={draft} target={shown} n={current.total} ownedOnly={ownedOnly} />
        <BulkRunView
          action={current}
          kind={kind}
          onEnd={(a) => {
            onRunning(null);
            onFinished?.(a, false);
          }}
        />
        <Group justify="flex-end">
          <Button variant={done ? 'filled' : 'default'} onClick={onClose} data-autofocus>
            {done ? 'Close' : 'Close and keep it running'}
          </Button>
        </Group>
      </Stack>
    );
  }

  const errors = isApiError(failure) ? failure.fieldErrors : {};
  const conflict = countFromConflict(failure) !== null;
  const banner = failure
    ? conflict
      ? `${errorMessage(failure)}. The number below is the one that holds now: check it and try again.`
      : Object.keys(errors).some((p) => p.startsWith('action.'))
        ? null
        : errorMessage(failure)
    : null;
  const shownMissing = tried ? missing : null;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {banner && (
          <Alert color={conflict ? 'orange' : 'red'} icon={<IconAlertCircle size={18} />} role="alert">
            {banner}
          </Alert>
        )}
        {kind === 'assign_owner' && (
          <OwnerInput
            value={draft.ownerId}
            onChange={(ownerId) => change({ ownerId })}
            error={errors['action.ownerId'] ?? shownMissing ?? undefined}
          />
        )}
        {(kind === 'add_tags' || kind === 'remove_tags') && (
          <TagsField
            value={draft.tags}
            onChange={(tags) => change({ tags })}
            error={errors['action.tags'] ?? shownMissing ?? undefined}
          />
        )}
        {(kind === 'add_to_group' || kind === 'remove_from_group') && (
          <GroupInput
            value={draft.groupId}
            onChange={(groupId) => change({ groupId })}
            error={errors['action.groupId'] ?? shownMissing ?? undefined}
          />
        )}
        {kind === 'set_field' && (
          <FieldValueEditor
            draft={draft}
            onChange={change}
            fieldError={errors['action.field'] ?? (draft.field ? undefined : (shownMissing ?? undefined))}
            valueError={errors['action.value'] ?? (draft.field ? (shownMissing ?? undefined) : undefined)}
          />
        )}
        <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)">
          {n === undefined ? (
            <Group gap="xs">
              <Loader size={14} />
              <Text size="sm" c="dimmed">
                Counting the contacts…
              </Text>
            </Group>
          ) : (
            <ActionSentence kind={kind} draft={draft} target={shown} n={n} ownedOnly={ownedOnly} />
          )}
        </Paper>
        {kind === 'delete' && n !== undefined && n > 0 && (
          <TextInput
            label={
              <>
                Type <b>{num(n)}</b> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            error={tried && !confirmed ? `Type ${num(n)}, the number of contacts to delete` : undefined}
            inputMode="numeric"
            autoComplete="off"
            data-autofocus
            data-testid="delete-confirm"
          />
        )}
        {n === 0 && (
          <Text size="sm" c="dimmed">
            Nothing to do: none of these contacts can be changed by you.
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={kind === 'delete' ? 'red' : undefined}
            loading={start.isPending}
            disabled={n === undefined || n === 0 || (kind === 'delete' && !confirmed)}
            data-testid="bulk-run-button"
          >
            {buttonText(kind, n ?? target.count)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
