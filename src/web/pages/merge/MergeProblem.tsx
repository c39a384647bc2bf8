import type { ReactNode } from 'react';
import { Alert, Button, List, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../../api/client';

interface Props {
  error: unknown;
  title: string;
  /** Names what an error path points at ("mergeIds.1" → "Contact 3, Nora Quinn"), or null. */
  subject: (path: string) => string | null;
  onReload?: () => void;
  reloading?: boolean;
}

/** An API problem in the merge dialog: its message, each contact or field it names, and a way on. */
export function MergeProblem({ error, title, subject, onReload, reloading }: Props) {
  const errors = isApiError(error) ? error.errors : [];
  const message = errorMessage(error);
  // Validation and conflict details are the field errors joined with their raw paths: the list
  // below says the same with the contacts named, so the detail would only repeat it.
  const repeats = errors.length > 0 && message.includes(errors[0].message);
  const items: ReactNode[] = errors.map((e, i) => {
    const who = subject(e.path);
    return (
      <List.Item key={i}>
        {who ? (
          <>
            <b>{who}</b>: {e.message}
          </>
        ) : (
          e.message
        )}
      </List.Item>
    );
  });
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} />}
      title={title}
      data-testid="merge-error"
    >
      <Stack gap="xs">
        {!repeats && <Text size="sm">{message}</Text>}
        {items.length > 0 && (
          <List size="sm" spacing={2}>
            {items}
          </List>
        )}
        {onReload && (
          <Button
            size="xs"
            variant="white"
            color="red"
            leftSection={<IconRefresh size={14} />}
            onClick={onReload}
            loading={reloading}
            style={{ alignSelf: 'flex-start' }}
          >
            Reload the preview
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
