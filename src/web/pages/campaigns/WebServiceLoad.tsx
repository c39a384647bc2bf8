// A campaign that loads from a web service: "Load contacts" asks the service now and shows what
// came of it (fetched, added, already loaded, rejected with the reasons), or why the service failed.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  Button,
  Group,
  List,
  Loader,
  Modal,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  type ButtonProps,
} from '@mantine/core';
import { IconAlertCircle, IconCloudDownload, IconListDetails } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';
import { useList, useLoadWebService, type Campaign, type WebServiceLoadResult } from '../../api/campaigns';

/** "12 fetched · 10 added · 1 already loaded · 1 rejected": fetched and added always, the rest when any. */
export function loadSummary(r: WebServiceLoadResult): string {
  const n = (v: number) => v.toLocaleString();
  return [
    `${n(r.fetched)} fetched`,
    `${n(r.added)} added`,
    r.skipped > 0 && `${n(r.skipped)} already loaded`,
    r.rejectedCount > 0 && `${n(r.rejectedCount)} rejected`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function LoadContactsButton({
  campaign,
  variant = 'filled',
}: {
  campaign: Campaign;
  variant?: ButtonProps['variant'];
}) {
  const load = useLoadWebService(campaign.id);
  const [open, setOpen] = useState(false);
  const start = () => {
    setOpen(true);
    load.mutate();
  };
  const close = () => {
    setOpen(false);
    load.reset();
  };
  const button = (
    <Button
      variant={variant}
      leftSection={<IconCloudDownload size={16} />}
      loading={load.isPending}
      disabled={!campaign.webService}
      onClick={start}
    >
      Load contacts
    </Button>
  );
  return (
    <>
      {campaign.webService ? (
        button
      ) : (
        <Tooltip label="Set the web service’s URL in the campaign’s settings first">
          <span>{button}</span>
        </Tooltip>
      )}
      <Modal
        opened={open}
        onClose={close}
        size="lg"
        title={<Text fw={600}>Load contacts for “{campaign.name}”</Text>}
      >
        <Stack gap="md" data-testid="load-dialog">
          {load.isPending ? (
            <Group gap="sm" py="md" justify="center">
              <Loader size="sm" />
              <Text size="sm" c="dimmed">
                Asking the web service…
              </Text>
            </Group>
          ) : load.isError ? (
            <Alert
              color="red"
              icon={<IconAlertCircle size={18} />}
              role="alert"
              data-testid="load-error"
              title={
                isApiError(load.error) && load.error.status === 502
                  ? 'The web service failed'
                  : 'Could not load contacts'
              }
            >
              {errorMessage(load.error)}
            </Alert>
          ) : load.data ? (
            <LoadResult campaign={campaign} result={load.data} onOpen={close} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            {!load.isPending && (
              <Button variant="default" onClick={() => load.mutate()}>
                {load.isError ? 'Try again' : 'Load again'}
              </Button>
            )}
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function LoadResult({
  campaign,
  result: r,
  onOpen,
}: {
  campaign: Campaign;
  result: WebServiceLoadResult;
  onOpen: () => void;
}) {
  const list = useList(r.listId);
  const name = list.data?.name ?? 'Web service';
  const more = r.rejectedCount - r.rejected.length;
  return (
    <>
      <Alert color={r.added ? 'teal' : 'gray'} title={loadSummary(r)} data-testid="load-summary">
        <Stack gap={4}>
          <Text size="sm">
            {r.added
              ? `${r.added.toLocaleString()} new ${r.added === 1 ? 'entry is' : 'entries are'} on “${name}”.`
              : `No new entry: “${name}” is as it was.`}
            {r.skipped > 0 &&
              ` ${r.skipped.toLocaleString()} ${r.skipped === 1 ? 'item was' : 'items were'} on it already (same id, or same address), and left as ${r.skipped === 1 ? 'it was' : 'they were'}.`}
          </Text>
          {r.dropped > 0 && (
            <Text size="sm" data-testid="load-dropped">
              {r.dropped.toLocaleString()} {r.dropped === 1 ? 'entry' : 'entries'} done or flagged since the
              last load {r.dropped === 1 ? 'was' : 'were'} taken off the list.
            </Text>
          )}
        </Stack>
      </Alert>
      {r.rejectedCount > 0 && (
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            Rejected {r.rejectedCount === 1 ? 'item' : 'items'}
            <Text span size="xs" c="dimmed" fw={400}>
              {' '}
              · counted from 1, in the order the service answered
            </Text>
          </Text>
          <ScrollArea.Autosize mah={240} type="auto">
            <List size="sm" spacing={2} data-testid="load-rejected">
              {r.rejected.map((x) => (
                <List.Item key={x.index}>
                  <Text span size="sm" fw={600}>
                    Item {(x.index + 1).toLocaleString()}
                  </Text>
                  : {x.reason}
                </List.Item>
              ))}
            </List>
          </ScrollArea.Autosize>
          {more > 0 && (
            <Text size="xs" c="dimmed">
              and {more.toLocaleString()} more not listed
            </Text>
          )}
        </Stack>
      )}
      <Group>
        <Button
          component={Link}
          to={`/campaigns/${campaign.id}/lists/${r.listId}`}
          variant="light"
          leftSection={<IconListDetails size={16} />}
          onClick={onOpen}
        >
          Open “{name}”
        </Button>
      </Group>
    </>
  );
}
