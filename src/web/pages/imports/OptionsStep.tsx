import {
  Alert,
  Fieldset,
  Input,
  Radio,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
} from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import {
  MATCH_KEYS,
  useListChoices,
  type ImportTarget,
  type MatchKey,
  type OnMatch,
} from '../../api/imports';
import type { DateFormat, Member } from '../../api/types';
import { DATE_FORMATS } from '../../lib/constants';
import { CountrySelect } from '../../components/CountrySelect';
import { defaultMatchBy, matchUnavailable } from './targets';

export interface ImportChoices {
  /** null until the person picks one: then the default for the mapping applies. */
  matchBy: MatchKey | null;
  onMatch: OnMatch;
  generateExternalIds: boolean;
  tags: string[];
  groupId: string | null;
  /** A contact list every imported contact gets an entry on (managers). */
  listId: string | null;
  ownerId: string | null;
  defaultCountry: string | null;
  dateFormat: DateFormat;
}

export const OPTION_FIELDS = [
  'matchBy',
  'onMatch',
  'generateExternalIds',
  'tags',
  'groupId',
  'listId',
  'ownerId',
  'defaultCountry',
  'dateFormat',
] as const;

const MATCH_LABELS: Record<MatchKey, string> = {
  externalId: 'External id',
  email: 'Email address',
  phone: 'Phone number',
  none: 'Do not look for existing contacts',
};

/** The match key in effect: the person's choice while it still works with the mapping. */
export function effectiveMatchBy(c: ImportChoices, mapping: readonly ImportTarget[]): MatchKey {
  if (c.matchBy && !matchUnavailable(c.matchBy, mapping, c.generateExternalIds)) return c.matchBy;
  return defaultMatchBy(mapping);
}

/** On a match: "create" cannot go with external ids (they are unique), so it falls back to update. */
export function effectiveOnMatch(c: ImportChoices, mapping: readonly ImportTarget[]): OnMatch {
  return effectiveMatchBy(c, mapping) === 'externalId' && c.onMatch === 'create' ? 'update' : c.onMatch;
}

/** The static groups imported contacts can join (dynamic groups take members from their filter). */
function GroupSelect({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string;
}) {
  const groups = useQuery({
    queryKey: ['groups'],
    queryFn: () =>
      api.get<{ items: { id: string; name: string; category: string | null; type: string }[] }>('/groups'),
  });
  const statics = (groups.data?.items ?? []).filter((g) => g.type === 'static');
  return (
    <Select
      label="Add to group"
      description="Every contact the file creates or updates joins this static group"
      placeholder={statics.length ? 'No group' : 'No static groups yet'}
      data={statics.map((g) => ({ value: g.id, label: g.category ? `${g.name} (${g.category})` : g.name }))}
      value={value}
      onChange={onChange}
      clearable
      searchable
      disabled={!statics.length}
      error={error ?? (groups.error ? 'Could not load the groups' : undefined)}
    />
  );
}

/** The outbound contact lists, "Campaign › List", for a file to fill (managers only). */
function ListSelect({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (v: string | null) => void;
  error?: string;
}) {
  const lists = useListChoices();
  const data = (lists.data ?? []).map((l) => ({ value: l.id, label: l.label }));
  return (
    <Select
      label="Add to a contact list"
      description="Every contact the file creates, updates or matches gets a callable entry on this list"
      placeholder={lists.isPending ? 'Loading the lists…' : data.length ? 'No list' : 'No contact lists yet'}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      searchable
      nothingFoundMessage="No such list"
      disabled={!data.length && !value}
      error={error ?? (lists.error ? 'Could not load the contact lists' : undefined)}
    />
  );
}

/** Step 4: how rows meet existing contacts, and what every new contact gets. */
export function OptionsStep({
  choices,
  set,
  mapping,
  errors,
  users,
  isManager,
}: {
  choices: ImportChoices;
  set: <K extends keyof ImportChoices>(key: K, value: ImportChoices[K]) => void;
  mapping: ImportTarget[];
  errors: Record<string, string>;
  users: Member[];
  isManager: boolean;
}) {
  const matchBy = effectiveMatchBy(choices, mapping);
  const onMatch = effectiveOnMatch(choices, mapping);
  const unknown = Object.entries(errors).filter(([k]) => !(OPTION_FIELDS as readonly string[]).includes(k));

  return (
    <Stack gap="lg">
      {unknown.length > 0 && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {unknown.map(([, m]) => m).join(' ')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Fieldset legend="Existing contacts">
          <Stack gap="md">
            <Select
              label="Find existing contacts by"
              description="A row with the same value updates that contact instead of creating a new one"
              data={MATCH_KEYS.map((k) => {
                const why = matchUnavailable(k, mapping, choices.generateExternalIds);
                return {
                  value: k,
                  label: why ? `${MATCH_LABELS[k]} (${why})` : MATCH_LABELS[k],
                  disabled: !!why,
                };
              })}
              value={matchBy}
              onChange={(v) => v && set('matchBy', v as MatchKey)}
              allowDeselect={false}
              error={errors.matchBy}
            />
            <Radio.Group
              label="When a row matches a contact"
              value={onMatch}
              onChange={(v) => set('onMatch', v as OnMatch)}
              error={errors.onMatch}
            >
              <Stack gap="xs" mt={6}>
                <Radio
                  value="update"
                  label="Update the contact"
                  description="Filled cells overwrite its values; tags and contact points are added, nothing is removed"
                  disabled={matchBy === 'none'}
                />
                <Radio
                  value="skip"
                  label="Skip the row"
                  description="The contact stays as it is"
                  disabled={matchBy === 'none'}
                />
                <Radio
                  value="create"
                  label="Create a new contact anyway"
                  description={
                    matchBy === 'externalId'
                      ? 'Not possible when matching by external id: external ids are unique'
                      : 'The workspace may then hold duplicates'
                  }
                  disabled={matchBy === 'none' || matchBy === 'externalId'}
                />
              </Stack>
            </Radio.Group>
          </Stack>
        </Fieldset>
        <Fieldset legend="New contacts">
          <Stack gap="md">
            {!isManager && (
              <Text size="sm" c="dimmed">
                The contacts you import belong to you.
              </Text>
            )}
            {isManager && (
              <Select
                label="Owner"
                description="Who the created contacts belong to"
                data={users
                  .filter((u) => u.active)
                  .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))}
                value={choices.ownerId}
                onChange={(v) => set('ownerId', v)}
                searchable
                allowDeselect={false}
                nothingFoundMessage="No such user"
                error={errors.ownerId}
              />
            )}
            <GroupSelect value={choices.groupId} onChange={(v) => set('groupId', v)} error={errors.groupId} />
            {isManager && (
              <ListSelect value={choices.listId} onChange={(v) => set('listId', v)} error={errors.listId} />
            )}
            <TagsInput
              label="Tags to add"
              description="Added to every contact in the file; type a tag and press Enter"
              value={choices.tags}
              onChange={(t) => set('tags', t)}
              maxTags={20}
              clearable
              error={errors.tags}
            />
            <Switch
              label="Generate contact ids"
              description="Rows without an external id get the next number after the workspace's highest numeric id"
              checked={choices.generateExternalIds}
              onChange={(e) => set('generateExternalIds', e.currentTarget.checked)}
              error={errors.generateExternalIds}
            />
          </Stack>
        </Fieldset>
      </SimpleGrid>
      <Fieldset legend="Reading values">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <CountrySelect
            label="Default country for phone numbers"
            description="Numbers written without a +country code are read as this country"
            value={choices.defaultCountry}
            onChange={(v) => set('defaultCountry', v)}
            clearable={false}
            error={errors.defaultCountry}
          />
          <Input.Wrapper
            label="Date format in the file"
            description="ISO dates (YYYY-MM-DD) are always understood"
            error={errors.dateFormat}
          >
            <SegmentedControl
              aria-label="Date format in the file"
              data={DATE_FORMATS.map((f) => ({ value: f, label: f }))}
              value={choices.dateFormat}
              onChange={(f) => set('dateFormat', f as DateFormat)}
              w="fit-content"
              display="flex"
              my={6}
            />
          </Input.Wrapper>
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}
