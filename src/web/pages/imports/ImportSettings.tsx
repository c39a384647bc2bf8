import { Badge, DataList, Group, Text, Title } from '@mantine/core';
import type { ImportSummary, MatchKey, OnMatch } from '../../api/imports';
import type { FieldDefinition, Member } from '../../api/types';
import { countryName } from '../../lib/phone';
import { targetLabel } from './targets';

const MATCH: Record<MatchKey, string> = {
  externalId: 'External id',
  email: 'Email address',
  phone: 'Phone number',
  none: 'Not matched: every row creates a contact',
};
const ON_MATCH: Record<OnMatch, string> = {
  update: 'Update the contact',
  skip: 'Skip the row',
  create: 'Create a new contact anyway',
};

/** The choices an import was started with. */
export function ImportSettings({
  item,
  users,
  fields,
}: {
  item: ImportSummary;
  users: Map<string, Member>;
  fields: FieldDefinition[];
}) {
  const o = item.options;
  if (!o) return null;
  const mapped = o.mapping
    .map((t, i) => ({ t, header: item.headers[i] }))
    .filter(({ t }) => t.kind !== 'ignore');
  return (
    <>
      <Title order={5} mb="sm">
        How it was imported
      </Title>
      <DataList labelWidth={200} withDivider data-testid="import-settings">
        <DataList.Item>
          <DataList.ItemLabel>Columns</DataList.ItemLabel>
          <DataList.ItemValue>
            <Group gap={6}>
              {mapped.map(({ t, header }, i) => (
                <Badge key={i} variant="outline" color="gray" tt="none" fw={500}>
                  {header} → {targetLabel(t, fields)}
                </Badge>
              ))}
              {mapped.length < o.mapping.length && (
                <Text size="sm" c="dimmed">
                  {o.mapping.length - mapped.length} ignored
                </Text>
              )}
            </Group>
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Existing contacts found by</DataList.ItemLabel>
          <DataList.ItemValue>
            {MATCH[o.matchBy]}
            {o.matchBy !== 'none' && ` · ${ON_MATCH[o.onMatch].toLowerCase()}`}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Owner of new contacts</DataList.ItemLabel>
          <DataList.ItemValue>
            {(o.ownerId && users.get(o.ownerId)?.name) ||
              (item.createdBy && users.get(item.createdBy)?.name) ||
              'The importing user'}
          </DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Tags added</DataList.ItemLabel>
          <DataList.ItemValue>
            {o.tags.length ? (
              <Group gap={4}>
                {o.tags.map((t) => (
                  <Badge key={t} variant="light" tt="none">
                    {t}
                  </Badge>
                ))}
              </Group>
            ) : (
              'None'
            )}
          </DataList.ItemValue>
        </DataList.Item>
        {o.listId && (
          <DataList.Item>
            <DataList.ItemLabel>Added to contact list</DataList.ItemLabel>
            <DataList.ItemValue data-testid="import-list">
              {o.list ? o.list.name : 'A list deleted since'}
            </DataList.ItemValue>
          </DataList.Item>
        )}
        <DataList.Item>
          <DataList.ItemLabel>Generated contact ids</DataList.ItemLabel>
          <DataList.ItemValue>{o.generateExternalIds ? 'Yes' : 'No'}</DataList.ItemValue>
        </DataList.Item>
        <DataList.Item>
          <DataList.ItemLabel>Phones and dates</DataList.ItemLabel>
          <DataList.ItemValue>
            Numbers without a country code read as {countryName(o.defaultCountry)}; dates written{' '}
            {o.dateFormat}
          </DataList.ItemValue>
        </DataList.Item>
      </DataList>
    </>
  );
}
