import type { ReactNode } from 'react';
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { Contact, FieldDefinition } from '../../../api/types';
import { useMeta } from '../../../api/hooks';
import { humanize } from '../../../lib/constants';
import { formatDate, formatDateTime, formatValue } from '../../../lib/format';

function Item({ label, children }: { label: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === '';
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.3 }}>
        {label}
      </Text>
      {empty ? (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ) : typeof children === 'string' ? (
        <Text size="sm">{children}</Text>
      ) : (
        children
      )}
    </Stack>
  );
}

export function ProfileView({
  contact: c,
  fields,
  dateFormat,
}: {
  contact: Contact;
  fields: FieldDefinition[];
  dateFormat: string;
}) {
  const meta = useMeta();
  const language = c.language
    ? (meta.data?.languages.find((l) => l.code === c.language)?.name ?? c.language)
    : null;
  const country = c.address.country
    ? (meta.data?.countries.find((x) => x.code === c.address.country)?.name ?? c.address.country)
    : null;
  const address = [
    c.address.street,
    [c.address.zip, c.address.city].filter(Boolean).join(' '),
    c.address.state,
    country,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Card data-testid="profile">
      <Title order={4} mb="md">
        Profile
      </Title>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="lg" verticalSpacing="md">
        <Item label="First name">{c.firstName}</Item>
        <Item label="Last name">{c.lastName}</Item>
        <Item label="Type">{humanize(c.type)}</Item>
        <Item label="Level">{humanize(c.level)}</Item>
        <Item label="Company">{c.company}</Item>
        <Item label="Job title">{c.jobTitle}</Item>
        <Item label="Department">{c.department}</Item>
        <Item label="Birth date">{formatDate(c.birthDate, dateFormat)}</Item>
        <Item label="Language">{language}</Item>
        <Item label="Time zone">{c.timeZone}</Item>
        <Item label="Address">{address}</Item>
        <Item label="External ID">{c.externalId}</Item>
        <Item label="Tags">
          {c.tags.length ? (
            <Group gap={4}>
              {c.tags.map((t) => (
                <Badge key={t} variant="outline" color="gray" tt="none">
                  {t}
                </Badge>
              ))}
            </Group>
          ) : null}
        </Item>
        <Item label="Source">{humanize(c.source)}</Item>
        <Item label="Created">{formatDateTime(c.createdAt, dateFormat)}</Item>
        <Item label="Updated">{formatDateTime(c.updatedAt, dateFormat)}</Item>
        {fields.map((f) => {
          const v = c.custom[f.key];
          const text =
            v === undefined || v === null
              ? null
              : f.type === 'date'
                ? formatDate(String(v), dateFormat)
                : f.type === 'datetime'
                  ? formatDateTime(String(v), dateFormat)
                  : formatValue(v);
          return (
            <Item key={f.id} label={f.label}>
              {text}
            </Item>
          );
        })}
      </SimpleGrid>
    </Card>
  );
}
