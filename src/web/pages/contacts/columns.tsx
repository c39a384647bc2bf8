import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { Anchor, Badge, Group, Text, Tooltip } from '@mantine/core';
import type { Contact, FieldDefinition, Member, SortField } from '../../api/types';
import { CONTACT_TYPES, TYPE_COLORS, humanize } from '../../lib/constants';
import { formatDate, formatDateTime, formatValue } from '../../lib/format';
import { displayPhone } from '../../lib/phone';
import { ActiveDot } from './ActiveDot';

export interface ColumnSpec {
  id: string;
  label: string;
  group: 'core' | 'custom';
  /** The API sort key, when the list can be sorted by this column. */
  sort?: SortField;
  render: (c: Contact) => ReactNode;
  width?: number;
}

export const DEFAULT_COLUMNS = ['name', 'phone', 'email', 'type', 'company', 'owner', 'createdAt'];
export const PREFERENCE_KEY = 'contacts.columns';

const firstPoint = (c: Contact, channels: string[]) =>
  c.points.find((p) => channels.includes(p.channel) && p.status === 'active') ??
  c.points.find((p) => channels.includes(p.channel));

function PointCell({ c, channels }: { c: Contact; channels: string[] }) {
  const p = firstPoint(c, channels);
  if (!p)
    return (
      <Text c="dimmed" size="sm">
        —
      </Text>
    );
  const value = channels.includes('email') ? p.value : displayPhone(p.normalized || p.value);
  return (
    <Text
      size="sm"
      td={p.status === 'opted_out' ? 'line-through' : undefined}
      c={p.status === 'opted_out' ? 'dimmed' : undefined}
      className="nowrap"
      // Long addresses would push the row actions out of view; the full one shows on hover.
      truncate
      maw={220}
      title={value}
    >
      {value}
    </Text>
  );
}

const plain = (v: string | null | undefined): ReactNode =>
  v ? (
    <Text size="sm">{v}</Text>
  ) : (
    <Text c="dimmed" size="sm">
      —
    </Text>
  );

export function buildColumns(opts: {
  fields: FieldDefinition[];
  users: Map<string, Member>;
  dateFormat: string;
  languages: Map<string, string>;
  countries: Map<string, string>;
}): ColumnSpec[] {
  const { fields, users, dateFormat, languages, countries } = opts;
  const core: Omit<ColumnSpec, 'group'>[] = [
    {
      id: 'name',
      label: 'Name',
      sort: 'lastName',
      render: (c) => (
        <Group gap={8} wrap="nowrap">
          <ActiveDot active={c.active} />
          <Anchor
            component={Link}
            to={`/contacts/${c.id}`}
            size="sm"
            fw={600}
            c="inherit"
            className="nowrap"
            onClick={(e) => e.stopPropagation()}
          >
            {c.displayName}
          </Anchor>
        </Group>
      ),
    },
    { id: 'firstName', label: 'First name', sort: 'firstName', render: (c) => plain(c.firstName) },
    { id: 'lastName', label: 'Last name', sort: 'lastName', render: (c) => plain(c.lastName) },
    { id: 'phone', label: 'Phone', render: (c) => <PointCell c={c} channels={['phone', 'sms']} /> },
    { id: 'email', label: 'Email', render: (c) => <PointCell c={c} channels={['email']} /> },
    {
      id: 'type',
      label: 'Type',
      sort: 'type',
      render: (c) => (
        <Badge variant="light" color={TYPE_COLORS[c.type as (typeof CONTACT_TYPES)[number]] ?? 'gray'}>
          {humanize(c.type)}
        </Badge>
      ),
    },
    { id: 'level', label: 'Level', sort: 'level', render: (c) => plain(humanize(c.level)) },
    {
      id: 'active',
      label: 'Status',
      sort: 'active',
      render: (c) => (
        <Badge variant="dot" color={c.active ? 'teal' : 'gray'}>
          {c.active ? 'Active' : 'Inactive'}
        </Badge>
      ),
    },
    { id: 'company', label: 'Company', sort: 'company', render: (c) => plain(c.company) },
    { id: 'jobTitle', label: 'Job title', sort: 'jobTitle', render: (c) => plain(c.jobTitle) },
    { id: 'department', label: 'Department', sort: 'department', render: (c) => plain(c.department) },
    {
      id: 'birthDate',
      label: 'Birth date',
      sort: 'birthDate',
      render: (c) => plain(formatDate(c.birthDate, dateFormat)),
    },
    {
      id: 'language',
      label: 'Language',
      sort: 'language',
      render: (c) => plain(c.language && (languages.get(c.language) ?? c.language)),
    },
    { id: 'timeZone', label: 'Time zone', sort: 'timeZone', render: (c) => plain(c.timeZone) },
    { id: 'street', label: 'Street', render: (c) => plain(c.address.street) },
    { id: 'city', label: 'City', sort: 'city', render: (c) => plain(c.address.city) },
    { id: 'state', label: 'State', sort: 'state', render: (c) => plain(c.address.state) },
    { id: 'zip', label: 'ZIP', sort: 'zip', render: (c) => plain(c.address.zip) },
    {
      id: 'country',
      label: 'Country',
      sort: 'country',
      render: (c) =>
        c.address.country ? (
          <Tooltip label={countries.get(c.address.country) ?? c.address.country}>
            <Text size="sm">{c.address.country}</Text>
          </Tooltip>
        ) : (
          plain(null)
        ),
    },
    {
      id: 'tags',
      label: 'Tags',
      render: (c) =>
        c.tags.length ? (
          <Group gap={4} wrap="nowrap">
            {c.tags.slice(0, 3).map((t) => (
              <Badge key={t} variant="outline" color="gray" size="sm" tt="none">
                {t}
              </Badge>
            ))}
            {c.tags.length > 3 && (
              <Text size="xs" c="dimmed">
                +{c.tags.length - 3}
              </Text>
            )}
          </Group>
        ) : (
          plain(null)
        ),
    },
    {
      id: 'owner',
      label: 'Owner',
      render: (c) => plain(c.ownerId ? (users.get(c.ownerId)?.name ?? 'Unknown user') : null),
    },
    { id: 'source', label: 'Source', sort: 'source', render: (c) => plain(humanize(c.source)) },
    { id: 'externalId', label: 'External ID', sort: 'externalId', render: (c) => plain(c.externalId) },
    {
      id: 'createdAt',
      label: 'Created',
      sort: 'createdAt',
      render: (c) => (
        <Text size="sm" className="nowrap">
          {formatDateTime(c.createdAt, dateFormat)}
        </Text>
      ),
    },
    {
      id: 'updatedAt',
      label: 'Updated',
      sort: 'updatedAt',
      render: (c) => (
        <Text size="sm" className="nowrap">
          {formatDateTime(c.updatedAt, dateFormat)}
        </Text>
      ),
    },
  ];
  const custom: ColumnSpec[] = fields.map((f) => ({
    id: `custom.${f.key}`,
    label: f.label,
    group: 'custom',
    render: (c) => {
      const v = c.custom[f.key];
      if (f.type === 'date' && typeof v === 'string') return plain(formatDate(v, dateFormat));
      if (f.type === 'datetime' && typeof v === 'string') return plain(formatDateTime(v, dateFormat));
      return plain(v === undefined || v === null ? null : formatValue(v));
    },
  }));
  return [...core.map((c) => ({ ...c, group: 'core' as const })), ...custom];
}
