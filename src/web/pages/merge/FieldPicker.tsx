import { Group, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import type { MergeField } from '../../api/merges';
import { blankText, displayValue, fieldLabel, isBlank, type DisplayContext } from './display';

/** One value a field can take, and the contacts holding it (in merge order). */
export interface Option {
  key: string;
  value: unknown;
  contactIds: string[];
}

const keyOf = (v: unknown) => (isBlank(v) ? 'blank' : JSON.stringify(v));

/** A field's candidates with equal values taken together: two contacts with one company are one choice. */
export function optionsOf(f: MergeField): Option[] {
  const byKey = new Map<string, Option>();
  for (const c of f.candidates) {
    const key = keyOf(c.value);
    const hit = byKey.get(key);
    if (hit) hit.contactIds.push(c.contactId);
    else byKey.set(key, { key, value: c.value, contactIds: [c.contactId] });
  }
  return [...byKey.values()];
}

/** The option holding a contact's value. */
export const optionOf = (options: Option[], contactId: string | null) =>
  options.find((o) => contactId !== null && o.contactIds.includes(contactId));

interface Props {
  fields: MergeField[];
  /** The person's picks: field → contact (only fields they clicked). */
  choices: Record<string, string>;
  onChoose: (field: string, contactId: string) => void;
  /** A contact's number in the dialog (1 for the first card). */
  numberOf: (contactId: string) => number;
  ctx: DisplayContext;
}

/**
 * Field by field, which value the merged contact keeps: a choice where the contacts differ (the
 * default picked), and the values they all share in one quiet block.
 */
export function FieldPicker({ fields, choices, onChoose, numberOf, ctx }: Props) {
  const differing = fields.filter((f) => f.differs);
  const same = fields.filter((f) => !f.differs);
  const contactsText = (ids: string[]) =>
    `${ids.length === 1 ? 'contact' : 'contacts'} ${ids
      .map(numberOf)
      .sort((x, y) => x - y)
      .join(', ')}`;

  return (
    <Stack gap="md">
      {differing.length === 0 ? (
        <Text size="sm" c="dimmed">
          These contacts hold the same values in every field: there is nothing to choose.
        </Text>
      ) : (
        <Stack gap="sm" data-testid="merge-fields">
          {differing.map((f) => {
            const options = optionsOf(f);
            const byDefault = optionOf(options, f.defaultFrom);
            const selected = optionOf(options, choices[f.field] ?? null) ?? byDefault;
            const label = fieldLabel(f.field, ctx);
            return (
              <Radio.Group
                key={f.field}
                label={label}
                value={selected?.key ?? null}
                onChange={(key) => {
                  const o = options.find((x) => x.key === key);
                  if (o) onChoose(f.field, o.contactIds[0]);
                }}
                data-testid="merge-field"
                data-field={f.field}
                styles={{
                  // Label left, choices right: the rows scan like a form.
                  root: { display: 'grid', gridTemplateColumns: '140px 1fr', columnGap: 12 },
                  label: { paddingTop: 8 },
                }}
              >
                <Group gap="xs" align="stretch">
                  {options.map((o) => {
                    const text = displayValue(f.field, o.value, ctx);
                    const checked = o === selected;
                    const from = contactsText(o.contactIds);
                    return (
                      <Radio.Card
                        key={o.key}
                        value={o.key}
                        w="auto"
                        maw={340}
                        px="sm"
                        py={6}
                        aria-label={`${text || blankText(f.field)} (${from})`}
                        style={{
                          borderColor: checked ? 'var(--mantine-color-brand-6)' : undefined,
                          background: checked ? 'var(--mantine-color-brand-0)' : undefined,
                        }}
                      >
                        <Group gap={8} wrap="nowrap" align="flex-start">
                          <Radio.Indicator size="xs" mt={3} />
                          <Stack gap={0} miw={0}>
                            <Text
                              size="sm"
                              fw={text ? 500 : 400}
                              c={text ? undefined : 'dimmed'}
                              fs={text ? undefined : 'italic'}
                              style={{ overflowWrap: 'anywhere' }}
                            >
                              {text || blankText(f.field)}
                            </Text>
                            <Text size="xs" c="dimmed">
                              {from}
                              {o === byDefault ? ' · default' : ''}
                            </Text>
                          </Stack>
                        </Group>
                      </Radio.Card>
                    );
                  })}
                </Group>
              </Radio.Group>
            );
          })}
        </Stack>
      )}
      {same.length > 0 && (
        <Paper withBorder p="sm" bg="var(--mantine-color-gray-0)" data-testid="merge-same">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} style={{ letterSpacing: 0.3 }}>
            Same on every contact
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" verticalSpacing={4}>
            {same.map((f) => (
              <Text key={f.field} size="sm" truncate>
                <Text span size="sm" c="dimmed">
                  {fieldLabel(f.field, ctx)}:
                </Text>{' '}
                {displayValue(f.field, f.candidates[0]?.value, ctx) || blankText(f.field)}
              </Text>
            ))}
          </SimpleGrid>
        </Paper>
      )}
    </Stack>
  );
}
