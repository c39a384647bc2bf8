import { useEffect, useRef, useState } from 'react';
import { Button, Group, Stack } from '@mantine/core';
import { IconCopy, IconScan } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import {
  duplicateKeys,
  useDismissDuplicates,
  useDuplicateClusters,
  useDuplicateScans,
  useDuplicatesChanged,
  useStartScan,
  type DuplicateCluster,
} from '../../api/duplicates';
import { EmptyPanel } from '../../components/EmptyPanel';
import { notifyError, notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { QueryBody } from '../../components/QueryBody';
import { useSession } from '../../layout/session';
import { MergeModal } from '../merge/MergeModal';
import { ClusterCard } from './ClusterCard';
import { ScanStatus } from './ScanStatus';

/** Groups of contacts that look like one person, from the latest whole-workspace scan. */
export function DuplicatesPage() {
  const me = useSession();
  const qc = useQueryClient();
  const scans = useDuplicateScans();
  const clusters = useDuplicateClusters();
  const start = useStartScan();
  const dismiss = useDismissDuplicates();
  const changed = useDuplicatesChanged();
  const [merging, setMerging] = useState<string[] | null>(null);
  const latest = scans.data?.items[0];
  const scanning = latest?.state === 'waiting' || latest?.state === 'running';

  // When a scan finishes, its groups replace the previous scan's.
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    const key = latest && `${latest.id}:${latest.state}`;
    if (seen.current !== undefined && key !== seen.current && latest?.state === 'done')
      qc.invalidateQueries({ queryKey: duplicateKeys.clusters });
    seen.current = key;
  }, [latest, qc]);

  const scan = () =>
    start.mutate(undefined, {
      onError: (e) => notifyError(e, 'Could not start the scan'),
    });
  const notDuplicates = (cluster: DuplicateCluster) =>
    dismiss.mutate(
      cluster.contacts.map((c) => c.id),
      {
        onSuccess: () =>
          notifySuccess(
            `These ${cluster.contacts.length} contacts will not be offered as duplicates of each other again.`,
            'Marked as different people',
          ),
        onError: (e) => notifyError(e, 'Could not save that'),
      },
    );
  const items = clusters.data?.pages.flatMap((p) => p.items) ?? [];
  const finished = clusters.data?.pages[0]?.scan;

  const scanButton = (
    <Button leftSection={<IconScan size={16} />} loading={scanning || start.isPending} onClick={scan}>
      Scan for duplicates
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Duplicates"
        description="Contacts that look like the same person: the same phone or email, or a similar name with the same company, city or birth date. Merge them, or mark them as different people."
        actions={scanButton}
      />
      <Stack gap="md">
        {latest && <ScanStatus scan={latest} dateFormat={me.workspace.dateFormat} />}
        <QueryBody
          query={clusters}
          rows={6}
          isEmpty={() => items.length === 0}
          empty={
            <EmptyPanel
              icon={<IconCopy size={28} />}
              title={finished ? 'No duplicates found' : 'No scan yet'}
              description={
                finished
                  ? 'The last scan found no contacts that look like one person, or they have all been merged or dismissed.'
                  : 'Scan the workspace to find contacts entered more than once. It runs in the background; you can leave this page.'
              }
              action={finished || scanning ? undefined : scanButton}
            />
          }
        >
          {() => (
            <Stack gap="md">
              {items.map((c) => (
                <ClusterCard
                  key={c.id}
                  cluster={c}
                  dateFormat={me.workspace.dateFormat}
                  onMerge={setMerging}
                  onDismiss={notDuplicates}
                  dismissing={dismiss.isPending && dismiss.variables?.[0] === c.contacts[0].id}
                />
              ))}
              {clusters.hasNextPage && (
                <Group justify="center">
                  <Button
                    variant="default"
                    loading={clusters.isFetchingNextPage}
                    onClick={() => clusters.fetchNextPage()}
                  >
                    Show more
                  </Button>
                </Group>
              )}
            </Stack>
          )}
        </QueryBody>
      </Stack>
      <MergeModal ids={merging} onClose={() => setMerging(null)} onMerged={changed} />
    </>
  );
}
