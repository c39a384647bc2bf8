import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, Group, Modal, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowsJoin } from '@tabler/icons-react';
import { isApiError } from '../../api/client';
import { useFields, useMeta, useUsers } from '../../api/hooks';
import { cachedContacts, MAX_MERGE_CONTACTS, useMergeContacts, useMergePreview } from '../../api/merges';
import type { Contact } from '../../api/types';
import { notifySuccess } from '../../components/notify';
import { useSession } from '../../layout/session';
import { fieldLabel, type DisplayContext } from './display';
import { FieldPicker, optionOf, optionsOf } from './FieldPicker';
import { MergeProblem } from './MergeProblem';
import { MergeSummary } from './MergeSummary';
import { PrimaryPicker } from './PrimaryPicker';

interface Props {
  /** The contacts to merge, in the order they were picked (the first is the default primary); null: closed. */
  ids: string[] | null;
  onClose: () => void;
  /** After a merge, before the dialog takes the person to the primary's page. */
  onMerged?: (primaryId: string) => void;
}

/** Merges 2 to 25 contacts: pick the primary, pick the values where they differ, merge. */
export function MergeModal({ ids, onClose, onMerged }: Props) {
  // The title keeps its count while the dialog fades out.
  const last = useRef(ids);
  if (ids) last.current = ids;
  return (
    <Modal
      opened={!!ids}
      onClose={onClose}
      title={<Text fw={600}>Merge {last.current?.length ?? ''} contacts</Text>}
      size="xl"
    >
      {ids && <MergeForm key={ids.join(',')} ids={ids} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  );
}

function MergeForm({ ids, onClose, onMerged }: { ids: string[] } & Omit<Props, 'ids'>) {
  const me = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const users = useUsers();
  const meta = useMeta();
  const defs = useFields();
  const [primaryId, setPrimaryId] = useState(ids[0]);
  // Only the fields the person clicked; kept when the primary changes, so no pick is lost.
  const [choices, setChoices] = useState<Record<string, string>>({});
  const ordered = useMemo(() => [primaryId, ...ids.filter((id) => id !== primaryId)], [ids, primaryId]);
  const tooMany = ids.length > MAX_MERGE_CONTACTS;
  const preview = useMergePreview(tooMany || ids.length < 2 ? null : ordered);
  const merge = useMergeContacts();
  const data = preview.data;
  // Contacts already loaded, then those of every preview: the cards show at once and stay if a
  // preview fails.
  const known = useRef<Map<string, Contact> | null>(null);
  known.current ??= cachedContacts(qc, ids);
  const contacts = known.current;
  for (const c of data?.contacts ?? []) contacts.set(c.id, c);

  const ctx: DisplayContext = {
    dateFormat: me.workspace.dateFormat,
    fields: defs.data ?? [],
    users: users.data ?? [],
    languages: meta.data?.languages ?? [],
    countries: meta.data?.countries ?? [],
  };
  const numberOf = (id: string) => ids.indexOf(id) + 1;
  /** "Contact 2, Nora Quinn" for an error path naming a contact by its place in the request. */
  const subject = (path: string): string | null => {
    if (path.startsWith('fields.')) return fieldLabel(path.slice('fields.'.length), ctx);
    const m = /^(ids|mergeIds)\.(\d+)$/.exec(path);
    const id =
      path === 'primaryId' ? ordered[0] : m ? ordered[Number(m[2]) + (m[1] === 'mergeIds' ? 1 : 0)] : null;
    if (!id || !ids.includes(id)) return null;
    const name = contacts.get(id)?.displayName;
    return `Contact ${numberOf(id)}${name ? `, ${name}` : ''}`;
  };

  const ready = !!data && !preview.isPlaceholderData && !preview.isFetching && !preview.isError;

  const submit = () => {
    if (!data) return;
    // Only picks that change the outcome: the server's defaults stand for everything else.
    const fields: Record<string, string> = {};
    for (const f of data.fields) {
      const chosen = choices[f.field];
      const options = optionsOf(f);
      if (chosen && optionOf(options, chosen) !== optionOf(options, f.defaultFrom)) fields[f.field] = chosen;
    }
    merge.mutate(
      { primaryId, mergeIds: ordered.slice(1), ...(Object.keys(fields).length ? { fields } : {}) },
      {
        onSuccess: (r) => {
          notifySuccess(`${ids.length} contacts are now one: ${r.contact.displayName}.`, 'Contacts merged');
          navigate(`/contacts/${r.contact.id}`);
          onClose();
          onMerged?.(r.contact.id);
        },
      },
    );
  };

  // The error shows below the summary: bring it up from under the footer.
  const mergeErrorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (merge.isError) mergeErrorRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [merge.isError]);

  const reload = () => {
    merge.reset();
    void preview.refetch();
  };
  const previewError = preview.isError ? preview.error : null;
  const status = (e: unknown) => (isApiError(e) ? e.status : 0);

  return (
    <Stack
      gap="lg"
      data-testid="merge-body"
      data-primary={data && !preview.isPlaceholderData ? data.primaryId : ''}
      data-ready={ready ? 'true' : 'false'}
    >
      {tooMany && (
        <Alert color="orange" variant="light">
          You can merge at most {MAX_MERGE_CONTACTS} contacts at once; {ids.length} are selected.
        </Alert>
      )}

      {contacts.size > 0 && (
        <PrimaryPicker
          ids={ids}
          contacts={contacts}
          primaryId={primaryId}
          onChange={(id) => {
            setPrimaryId(id);
            // A failed merge's paths name contacts by their place in the old order.
            merge.reset();
          }}
        />
      )}

      {previewError ? (
        <MergeProblem
          error={previewError}
          title={
            status(previewError) === 403 || status(previewError) === 404
              ? 'You cannot merge these contacts'
              : status(previewError) === 409
                ? 'One of these contacts was merged into another'
                : 'Could not load the merge preview'
          }
          subject={subject}
          // Refusals stand until something else changes; a lost connection or a server error may pass.
          onReload={status(previewError) === 0 || status(previewError) >= 500 ? reload : undefined}
          reloading={preview.isFetching}
        />
      ) : (
        !tooMany && (
          <Box style={{ opacity: ready ? 1 : 0.6, transition: 'opacity 120ms' }}>
            <Title order={5} mb={4}>
              Values to keep
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              Where the contacts differ, pick the value the merged contact keeps. By default the primary’s
              value stays and its blanks are filled from the others, in order.
            </Text>
            {data ? (
              <FieldPicker
                fields={data.fields}
                choices={choices}
                onChoose={(field, contactId) => setChoices((c) => ({ ...c, [field]: contactId }))}
                numberOf={numberOf}
                ctx={ctx}
              />
            ) : (
              <Stack gap="sm">
                {[0, 1, 2].map((i) => (
                  <Skeleton key={i} height={44} />
                ))}
              </Stack>
            )}
          </Box>
        )
      )}

      {data && !previewError && <MergeSummary preview={data} />}

      {merge.isError && (
        <div ref={mergeErrorRef} style={{ scrollMarginBottom: 80 }}>
          <MergeProblem
            error={merge.error}
            title={
              status(merge.error) === 409
                ? 'One of these contacts changed; reload the preview'
                : 'The contacts were not merged'
            }
            subject={subject}
            onReload={status(merge.error) === 409 || status(merge.error) === 0 ? reload : undefined}
            reloading={preview.isFetching}
          />
        </div>
      )}

      <Group justify="flex-end" gap="sm" className="modal-footer" py="sm">
        <Button variant="default" onClick={onClose} disabled={merge.isPending}>
          Cancel
        </Button>
        <Button
          leftSection={<IconArrowsJoin size={16} />}
          onClick={submit}
          disabled={!ready || tooMany}
          loading={merge.isPending}
        >
          Merge {ids.length} contacts
        </Button>
      </Group>
    </Stack>
  );
}
