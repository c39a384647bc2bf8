import { useEffect, useState } from 'react';
import {
  Alert,
  Autocomplete,
  Button,
  Group as Row,
  Input,
  Modal,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import {
  categoriesOf,
  useCreateGroup,
  useGroups,
  useUpdateGroup,
  type Group,
  type GroupType,
} from '../../api/groups';
import type { FilterNode } from '../../api/filters';
import { useFormState } from '../../lib/form';
import { notifySuccess } from '../../components/notify';
import { FilterEditor, saveProblem, useFilterDraft } from '../segments/FilterEditor';
import { filterKey } from '../contacts/filter/model';
import { GROUP_TYPE_HELP, GROUP_TYPE_LABELS } from './GroupTypeBadge';

const FORM_FIELDS = ['name', 'category', 'type', 'filter'] as const;

interface Props {
  /** The group to edit; null creates one. */
  group: Group | null;
  opened: boolean;
  onClose: () => void;
  /** After a create: the new group (the page opens it). */
  onCreated?: (g: Group) => void;
  /** Edit only the filter of a dynamic group (name and category hidden). */
  filterOnly?: boolean;
}

export function GroupFormModal({ group, opened, onClose, onCreated, filterOnly }: Props) {
  // The builder needs room; a static group's form is short.
  const [createType, setType] = useState<GroupType>('static');
  const type = group ? group.type : createType;
  const title = filterOnly
    ? `Edit the filter of “${group?.name}”`
    : group
      ? `Edit group “${group.name}”`
      : 'New group';
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size={type === 'dynamic' ? 960 : 'md'}
      title={<Text fw={600}>{title}</Text>}
    >
      {opened && (
        <GroupForm
          group={group}
          onClose={onClose}
          onCreated={onCreated}
          onType={setType}
          filterOnly={filterOnly}
        />
      )}
    </Modal>
  );
}

function GroupForm({
  group,
  onClose,
  onCreated,
  onType,
  filterOnly,
}: Omit<Props, 'opened'> & { onType: (t: GroupType) => void }) {
  const groups = useGroups();
  const create = useCreateGroup();
  const update = useUpdateGroup();
  const form = useFormState({
    name: group?.name ?? '',
    category: group?.category ?? '',
    type: (group?.type ?? 'static') as GroupType,
  });
  const initialFilter = (group?.filter as FilterNode | null | undefined) ?? null;
  const filter = useFilterDraft(initialFilter);
  const [sent, setSent] = useState<{ filter: FilterNode | null; error: unknown } | null>(null);
  const v = form.values;
  const dynamic = v.type === 'dynamic';
  const pending = create.isPending || update.isPending;

  const setType = (t: GroupType) => {
    form.set('type', t);
    onType(t);
  };
  // A new form starts as a static group, whatever the last one was.
  useEffect(() => onType(form.values.type), []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!v.name.trim()) errors.name = 'Give the group a name';
    if (dynamic && !filter.draft) errors.filter = 'A dynamic group needs at least one condition';
    if (Object.keys(errors).length) return form.setErrors(errors);
    const sentFilter = filter.draft;
    const onError = (err: unknown) => {
      setSent({ filter: sentFilter, error: err });
      form.fail(err, FORM_FIELDS);
    };
    const category = v.category.trim() || null;
    if (group) {
      const filterChanged = dynamic && filterKey(sentFilter) !== filterKey(initialFilter);
      update.mutate(
        {
          id: group.id,
          ...(filterOnly ? {} : { name: v.name, category }),
          ...(filterChanged ? { filter: sentFilter! } : {}),
        },
        {
          onSuccess: (g) => {
            notifySuccess(
              filterChanged
                ? `“${g.name}” now holds ${g.memberCount.toLocaleString()} contacts.`
                : `“${g.name}” was saved.`,
              'Group updated',
            );
            onClose();
          },
          onError,
        },
      );
    } else {
      create.mutate(
        { name: v.name, category, type: v.type, ...(dynamic ? { filter: sentFilter! } : {}) },
        {
          onSuccess: (g) => {
            notifySuccess(`“${g.name}” was created.`, 'Group created');
            onClose();
            onCreated?.(g);
          },
          onError,
        },
      );
    }
  };

  const problem = sent ? saveProblem(sent.error, sent.filter) : null;
  // Server errors about the filter show next to its conditions (or above them, in the builder).
  const banner = form.errors.form;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {banner && (
          <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
            {banner}
          </Alert>
        )}
        {!filterOnly && (
          <>
            <TextInput
              label="Name"
              required
              data-autofocus
              placeholder="e.g. Spring campaign callers"
              {...form.prop('name')}
            />
            <Autocomplete
              label="Category"
              description="Optional; groups are listed and filtered by it. Pick one in use or type a new one."
              placeholder="e.g. Campaigns"
              data={categoriesOf(groups.data)}
              value={v.category}
              onChange={(c) => form.set('category', c)}
              error={form.errors.category}
              clearable
            />
          </>
        )}
        {!group && (
          <Radio.Group
            label="Type"
            value={v.type}
            onChange={(t) => setType(t as GroupType)}
            error={form.errors.type}
          >
            <SimpleGrid cols={2} mt={6}>
              {(['static', 'dynamic'] as const).map((t) => (
                <Radio.Card key={t} value={t} p="sm" radius="md" aria-label={GROUP_TYPE_LABELS[t]}>
                  <Row wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text fw={600} size="sm">
                        {GROUP_TYPE_LABELS[t]}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {GROUP_TYPE_HELP[t]}
                      </Text>
                    </div>
                  </Row>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
        )}
        {dynamic && (
          <Input.Wrapper
            label="Members are the contacts that match"
            required
            description="The group updates itself: a contact that starts or stops matching joins or leaves it."
          >
            <div style={{ marginTop: 6 }} data-testid="group-filter">
              <FilterEditor
                state={filter}
                problem={problem}
                emptyHint="Add a condition: the group holds the contacts that match it."
                error={!filter.draft ? form.errors.filter : undefined}
              />
            </div>
          </Input.Wrapper>
        )}
        <Row justify="flex-end" gap="sm" mt="xs" className="modal-footer" py="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {group ? 'Save' : 'Create group'}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
