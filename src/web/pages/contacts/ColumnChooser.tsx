import { useState } from 'react';
import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { DEFAULT_COLUMNS, type ColumnSpec } from './columns';

interface Props {
  opened: boolean;
  onClose: () => void;
  columns: ColumnSpec[];
  visible: string[];
  onSave: (visible: string[]) => void;
  saving?: boolean;
}

/** Two lists, as in most contact-center tools: fields shown in the table (ordered) and the rest. */
export function ColumnChooser({ opened, onClose, columns, visible, onSave, saving }: Props) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        <Text fw={600} size="lg">
          Customize table
        </Text>
      }
      size="xl"
    >
      {opened && (
        <Chooser columns={columns} visible={visible} onSave={onSave} onClose={onClose} saving={saving} />
      )}
    </Modal>
  );
}

function Chooser({ columns, visible, onSave, onClose, saving }: Omit<Props, 'opened'>) {
  const [shown, setShown] = useState(() => visible.filter((id) => columns.some((c) => c.id === id)));
  const byId = new Map(columns.map((c) => [c.id, c]));
  const hidden = columns.filter((c) => !shown.includes(c.id));
  const move = (i: number, delta: number) =>
    setShown((s) => {
      const next = [...s];
      const [item] = next.splice(i, 1);
      next.splice(i + delta, 0, item);
      return next;
    });

  const hiddenGroup = (group: ColumnSpec['group'], title: string) => {
    const items = hidden.filter((c) => c.group === group);
    if (items.length === 0) return null;
    return (
      <Stack gap={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          {title}
        </Text>
        {items.map((c) => (
          <Checkbox
            key={c.id}
            label={c.label}
            checked={false}
            onChange={() => setShown((s) => [...s, c.id])}
          />
        ))}
      </Stack>
    );
  };

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Pick the fields to show in the contacts table and their order. Your choice is saved for your account.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Paper withBorder p="md" data-testid="columns-shown">
          <Text fw={600} size="sm" mb="sm">
            Fields visible in table ({shown.length})
          </Text>
          <ScrollArea.Autosize mah={360}>
            <Stack gap={4}>
              {shown.map((id, i) => (
                <Group key={id} justify="space-between" wrap="nowrap" py={2}>
                  <Checkbox
                    label={byId.get(id)?.label ?? id}
                    checked
                    disabled={shown.length === 1}
                    onChange={() => setShown((s) => s.filter((x) => x !== id))}
                  />
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                      aria-label={`Move ${byId.get(id)?.label} up`}
                    >
                      <IconArrowUp size={14} />
                    </ActionIcon>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      disabled={i === shown.length - 1}
                      onClick={() => move(i, 1)}
                      aria-label={`Move ${byId.get(id)?.label} down`}
                    >
                      <IconArrowDown size={14} />
                    </ActionIcon>
                  </Group>
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        </Paper>
        <Paper withBorder p="md" data-testid="columns-hidden">
          <Text fw={600} size="sm" mb="sm">
            Fields not shown in table
          </Text>
          <ScrollArea.Autosize mah={360}>
            <Stack gap="md">
              {hiddenGroup('core', 'Contact fields')}
              {hiddenGroup('custom', 'Custom fields')}
              {hidden.length === 0 && (
                <Text size="sm" c="dimmed">
                  Every field is shown.
                </Text>
              )}
            </Stack>
          </ScrollArea.Autosize>
        </Paper>
      </SimpleGrid>
      <Group justify="space-between">
        <Button variant="subtle" color="gray" onClick={() => setShown(DEFAULT_COLUMNS)}>
          Reset to default
        </Button>
        <Group gap="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => onSave(shown)} loading={saving}>
            Apply
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}
