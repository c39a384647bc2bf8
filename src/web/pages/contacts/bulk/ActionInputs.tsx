import { Link } from 'react-router-dom';
import { Anchor, Select, TagsInput, Text } from '@mantine/core';
import { useGroups } from '../../../api/groups';
import { useUsers } from '../../../api/hooks';
import { useTags } from '../../../api/tags';

// Sentinel for "no owner" in the owner picker (a Select value cannot be null and picked at once).
const NOBODY = '__nobody__';

export function OwnerInput({
  value,
  onChange,
  error,
}: {
  value: string | null | undefined;
  onChange: (ownerId: string | null) => void;
  error?: string;
}) {
  const users = useUsers();
  const data = [
    { value: NOBODY, label: 'No owner (clear it)' },
    ...(users.data ?? [])
      .filter((u) => u.active)
      .map((u) => ({ value: u.id, label: `${u.name} · ${u.email}` })),
  ];
  return (
    <Select
      label="New owner"
      placeholder="Pick a user"
      data={data}
      value={value === undefined ? null : (value ?? NOBODY)}
      onChange={(v) => onChange(v === NOBODY ? null : v)}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No such user"
      error={error}
      data-autofocus
    />
  );
}

export function TagsField({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (tags: string[]) => void;
  error?: string;
}) {
  const tags = useTags();
  return (
    <TagsInput
      label="Tags"
      description="Type a tag and press Enter; pick existing ones from the list."
      placeholder={value.length ? undefined : 'e.g. vip'}
      data={(tags.data ?? []).map((t) => t.tag)}
      value={value}
      onChange={onChange}
      maxTags={20}
      clearable
      error={error}
      data-autofocus
    />
  );
}

/** A static group: only their members are added and removed by hand (dynamic ones follow a filter). */
export function GroupInput({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (groupId: string | null) => void;
  error?: string;
}) {
  const groups = useGroups();
  const statics = (groups.data ?? []).filter((g) => g.type === 'static');
  if (groups.isSuccess && !statics.length)
    return (
      <Text size="sm" c="dimmed">
        There is no static group yet.{' '}
        <Anchor component={Link} to="/groups" inherit>
          Create one on the Groups page
        </Anchor>
        ; dynamic groups take their members from a filter.
      </Text>
    );
  return (
    <Select
      label="Group"
      description="Static groups only: dynamic groups take their members from their filter."
      placeholder={groups.isPending ? 'Loading groups…' : 'Pick a group'}
      data={statics.map((g) => ({
        value: g.id,
        label: `${g.name}${g.category ? ` (${g.category})` : ''} · ${g.memberCount.toLocaleString('en-US')} members`,
      }))}
      value={value}
      onChange={onChange}
      searchable
      allowDeselect={false}
      nothingFoundMessage="No such group"
      error={error}
      data-autofocus
    />
  );
}
