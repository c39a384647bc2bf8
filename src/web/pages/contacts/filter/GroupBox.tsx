import {
  ActionIcon,
  Box,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconFolderPlus, IconPlus, IconX } from '@tabler/icons-react';
import type { FieldInfo } from '../../../api/filters';
import { ConditionRow } from './ConditionRow';
import { Connector } from './Connector';
import type { NodeErrors } from './errors';
import type { fieldOptions } from './fields';
import { emptyCondition, emptyGroup, type GroupDraft, type NodeDraft } from './model';

/** What every row of the tree needs, passed down unchanged. */
export interface BuilderContext {
  fields: Map<string, FieldInfo>;
  fieldData: ReturnType<typeof fieldOptions>;
  errors: Map<string, NodeErrors>;
  incomplete: Set<string>;
  dateFormat: string;
  /** Deepest nesting the server accepts, less room for the conditions inside. */
  maxDepth: number;
  replace: (id: string, node: NodeDraft) => void;
  remove: (id: string) => void;
  add: (groupId: string, child: NodeDraft) => void;
}

function describe(g: GroupDraft): string {
  if (g.combinator === 'and') return g.negate ? 'not all of these are true' : 'all of these are true';
  return g.negate ? 'none of these is true' : 'any of these is true';
}

interface Props {
  node: GroupDraft;
  depth: number;
  ctx: BuilderContext;
}

/** A group of conditions joined by AND or OR; groups nest to any depth the server allows. */
export function GroupBox({ node, depth, ctx }: Props) {
  const root = depth === 0;
  const err = ctx.errors.get(node.id)?.node;
  const set = (patch: Partial<GroupDraft>) => ctx.replace(node.id, { ...node, ...patch });

  return (
    <Box
      data-testid="filter-group"
      data-depth={depth}
      data-combinator={node.combinator}
      data-negate={node.negate ? 'true' : 'false'}
      p={root ? 0 : 'sm'}
      style={
        root
          ? undefined
          : {
              flex: 1,
              minWidth: 0,
              border: '1px solid var(--mantine-color-gray-3)',
              borderLeft: `3px solid var(--mantine-color-${node.negate ? 'red-4' : 'brand-3'})`,
              borderRadius: 'var(--mantine-radius-md)',
              background: depth % 2 ? 'var(--mantine-color-gray-0)' : 'var(--mantine-color-white)',
            }
      }
    >
      <Group justify="space-between" wrap="nowrap" mb="sm" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <SegmentedControl
            size="xs"
            aria-label={root ? 'Combine conditions with' : 'Combine this group with'}
            data={[
              { value: 'and', label: 'AND' },
              { value: 'or', label: 'OR' },
            ]}
            value={node.combinator}
            onChange={(v) => set({ combinator: v as 'and' | 'or' })}
          />
          <Text size="sm" c="dimmed" data-testid="group-meaning">
            {root ? 'Contacts where ' : 'Group: '}
            {describe(node)}
          </Text>
        </Group>
        <Group gap="sm" wrap="nowrap">
          <Tooltip label="Match the contacts this group does not match">
            <Switch
              size="xs"
              label="NOT"
              aria-label={root ? 'Negate the filter' : 'Negate this group'}
              checked={node.negate}
              onChange={(e) => set({ negate: e.currentTarget.checked })}
            />
          </Tooltip>
          {!root && (
            <Tooltip label="Remove group">
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label="Remove group"
                onClick={() => ctx.remove(node.id)}
              >
                <IconX size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>

      <Stack gap="sm">
        {node.children.map((child, i) =>
          child.kind === 'condition' ? (
            <ConditionRow
              key={child.id}
              node={child}
              index={i}
              combinator={node.combinator}
              fields={ctx.fields}
              fieldData={ctx.fieldData}
              errors={ctx.errors.get(child.id)}
              incomplete={ctx.incomplete.has(child.id)}
              dateFormat={ctx.dateFormat}
              onChange={(n) => ctx.replace(child.id, n)}
              onRemove={() => ctx.remove(child.id)}
            />
          ) : (
            <Group key={child.id} gap="xs" wrap="nowrap" align="flex-start">
              <Connector index={i} combinator={node.combinator} />
              <GroupBox node={child} depth={depth + 1} ctx={ctx} />
            </Group>
          ),
        )}
        {node.children.length === 0 && (
          <Text size="sm" c="dimmed" ml={root ? 0 : 4}>
            {root ? 'No conditions yet: every contact matches.' : 'An empty group is left out.'}
          </Text>
        )}
      </Stack>
      {err && (
        <Text size="xs" c="red" mt="xs" data-testid="group-error">
          {err}
        </Text>
      )}

      <Group gap="xs" mt="sm" ml={node.children.length ? 66 : 0}>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => ctx.add(node.id, emptyCondition())}
        >
          Add condition
        </Button>
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconFolderPlus size={14} />}
          disabled={depth + 1 >= ctx.maxDepth}
          onClick={() =>
            ctx.add(node.id, emptyGroup(node.combinator === 'and' ? 'or' : 'and', [emptyCondition()]))
          }
        >
          Add group
        </Button>
      </Group>
    </Box>
  );
}
