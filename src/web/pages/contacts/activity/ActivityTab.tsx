import { useState } from 'react';
import { Button, Card, Grid, Group, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconNote } from '@tabler/icons-react';
import { isApiError } from '../../../api/client';
import { useActivities, useAddNote } from '../../../api/activities';
import { notifySuccess } from '../../../components/notify';
import { ActivityItem } from './ActivityItem';

/** The three columns of a contact's history: what they asked, how we reached out, where they went. */
const COLUMNS = [
  {
    title: 'Inquiry history',
    kinds: ['inquiry', 'chat'],
    empty: 'No inquiries or chats yet. Conversations from chat platforms and phone systems appear here.',
  },
  {
    title: 'Engagement',
    kinds: ['call', 'sms', 'email', 'campaign_attempt'],
    empty: 'No calls, messages or campaign attempts yet.',
  },
  {
    title: 'Journey',
    kinds: ['page_visit'],
    empty: 'No page visits recorded. Your website integration posts them.',
  },
] as const;

function Column({
  contactId,
  title,
  kinds,
  empty,
  dateFormat,
}: {
  contactId: string;
  title: string;
  kinds: readonly string[];
  empty: string;
  dateFormat: string;
}) {
  const list = useActivities(contactId, kinds);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card data-testid="activity-column" data-column={title}>
      <Title order={5} mb="sm">
        {title}
      </Title>
      {list.isPending ? (
        <Stack gap="sm">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={40} />
          ))}
        </Stack>
      ) : list.isError ? (
        <Text size="sm" c="red">
          {list.error.message}
        </Text>
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <Stack gap="md">
          {items.map((a) => (
            <ActivityItem key={a.id} activity={a} dateFormat={dateFormat} />
          ))}
          {list.hasNextPage && (
            <Button
              variant="subtle"
              size="xs"
              loading={list.isFetchingNextPage}
              onClick={() => list.fetchNextPage()}
            >
              Show older
            </Button>
          )}
        </Stack>
      )}
    </Card>
  );
}

function Notes({ contactId, dateFormat }: { contactId: string; dateFormat: string }) {
  const [text, setText] = useState('');
  const add = useAddNote(contactId);
  const notes = useActivities(contactId, ['note']);
  const items = notes.data?.pages.flatMap((p) => p.items) ?? [];
  const error = isApiError(add.error)
    ? (add.error.fieldErrors.text ?? add.error.message)
    : add.error?.message;
  const save = () =>
    add.mutate(text, {
      onSuccess: () => {
        setText('');
        notifySuccess('The note is on the contact’s timeline.', 'Note added');
      },
    });
  return (
    <Card data-testid="notes">
      <Title order={5} mb="sm">
        Notes
      </Title>
      <Stack gap="sm">
        <Textarea
          aria-label="New note"
          placeholder="What should the next person who talks to them know?"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end">
          <Button
            leftSection={<IconNote size={16} />}
            disabled={!text.trim()}
            loading={add.isPending}
            onClick={save}
          >
            Add note
          </Button>
        </Group>
        {items.map((a) => (
          <ActivityItem key={a.id} activity={a} dateFormat={dateFormat} />
        ))}
        {notes.hasNextPage && (
          <Button
            variant="subtle"
            size="xs"
            loading={notes.isFetchingNextPage}
            onClick={() => notes.fetchNextPage()}
          >
            Show older notes
          </Button>
        )}
      </Stack>
    </Card>
  );
}

export function ActivityTab({ contactId, dateFormat }: { contactId: string; dateFormat: string }) {
  return (
    <Stack gap="lg">
      <Notes contactId={contactId} dateFormat={dateFormat} />
      <Grid gap="lg">
        {COLUMNS.map((c) => (
          <Grid.Col key={c.title} span={{ base: 12, md: 4 }}>
            <Column contactId={contactId} {...c} dateFormat={dateFormat} />
          </Grid.Col>
        ))}
      </Grid>
    </Stack>
  );
}
