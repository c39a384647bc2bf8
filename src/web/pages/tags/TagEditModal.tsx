import { useState } from 'react';
import { Alert, Autocomplete, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { isApiError, errorMessage } from '../../api/client';
import { isBulkRunning, type BulkAction } from '../../api/bulk';
import { useEditTags, type TagCount, type TagEdit } from '../../api/tags';
import { notifySuccess } from '../../components/notify';
import { bulkOutcome } from './BulkProgress';

export type TagModal = { kind: 'rename'; tag: TagCount } | { kind: 'merge'; tags: TagCount[] };

interface Props {
  modal: TagModal | null;
  /** Every tag, for suggestions. */
  all: TagCount[];
  onClose: () => void;
  /** A large edit runs in the background; the page shows its progress. */
  onStarted: (a: BulkAction, label: string) => void;
  /** After a merge or rename finished at once (the page clears its selection). */
  onDone?: () => void;
}

const contacts = (n: number) => `${n.toLocaleString()} ${n === 1 ? 'contact' : 'contacts'}`;

/** Renames a tag, or merges several into one (an existing tag or a new name). */
export function TagEditModal({ modal, all, onClose, onStarted, onDone }: Props) {
  return (
    <Modal
      opened={!!modal}
      onClose={onClose}
      title={
        <Text fw={600}>
          {modal?.kind === 'rename'
            ? `Rename the tag “${modal.tag.tag}”`
            : `Merge ${modal?.tags.length ?? ''} tags`}
        </Text>
      }
    >
      {modal && (
        <TagEditForm modal={modal} all={all} onClose={onClose} onStarted={onStarted} onDone={onDone} />
      )}
    </Modal>
  );
}

function TagEditForm({ modal, all, onClose, onStarted, onDone }: Omit<Props, 'modal'> & { modal: TagModal }) {
  const edit = useEditTags();
  const [to, setTo] = useState(modal.kind === 'rename' ? modal.tag.tag : '');
  const [error, setError] = useState<{ field?: string; form?: string }>({});
  const target = to.trim();
  const sources = modal.kind === 'rename' ? [modal.tag] : modal.tags;
  const carriers = sources.reduce((s, t) => s + t.count, 0);
  const existing = all.find((t) => t.tag === target && !sources.some((s) => s.tag === t.tag));
  // Into one of the merged tags or another: suggest the merged ones first.
  const suggestions = [
    ...sources.map((t) => t.tag),
    ...all.filter((t) => !sources.some((s) => s.tag === t.tag)).map((t) => t.tag),
  ].slice(0, 200);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!target) return setError({ field: 'Type the new name' });
    if (modal.kind === 'rename' && target === modal.tag.tag)
      return setError({ field: 'This is the tag’s name now' });
    const body: TagEdit =
      modal.kind === 'rename'
        ? { kind: 'rename', from: modal.tag.tag, to: target }
        : { kind: 'merge', tags: modal.tags.map((t) => t.tag), into: target };
    const label =
      modal.kind === 'rename'
        ? `Renaming “${modal.tag.tag}” to “${target}”`
        : `Merging ${modal.tags.length} tags into “${target}”`;
    edit.mutate(body, {
      onSuccess: (a) => {
        if (isBulkRunning(a)) onStarted(a, label);
        else
          notifySuccess(
            bulkOutcome(a),
            modal.kind === 'rename' ? `Tag renamed to “${target}”` : `Tags merged into “${target}”`,
          );
        onClose();
        onDone?.();
      },
      onError: (err) => {
        const fieldErrors = isApiError(err)
          ? err.errors.filter((x) => x.path === 'to' || x.path === 'into')
          : [];
        setError(fieldErrors.length ? { field: fieldErrors[0].message } : { form: errorMessage(err) });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {error.form && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {error.form}
          </Alert>
        )}
        {modal.kind === 'merge' && (
          <Text size="sm">
            {modal.tags.map((t) => `“${t.tag}”`).join(', ')} are replaced by one tag on every contact carrying
            any of them; a contact with several gets the new tag once.
          </Text>
        )}
        {modal.kind === 'rename' ? (
          <TextInput
            label="New name"
            description={`Changes the tag on ${contacts(carriers)}.`}
            value={to}
            onChange={(e) => {
              setTo(e.currentTarget.value);
              setError({});
            }}
            error={error.field}
            maxLength={50}
            required
            data-autofocus
          />
        ) : (
          <Autocomplete
            label="Merge into"
            description="One of these tags, another tag, or a new name."
            data={suggestions}
            value={to}
            onChange={(v) => {
              setTo(v);
              setError({});
            }}
            error={error.field}
            maxLength={50}
            required
            data-autofocus
          />
        )}
        {existing && (
          <Text size="sm" c="dimmed">
            “{existing.tag}” is already on {contacts(existing.count)}: the tags are combined.
          </Text>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={edit.isPending}>
            {modal.kind === 'rename' ? 'Rename' : 'Merge tags'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
