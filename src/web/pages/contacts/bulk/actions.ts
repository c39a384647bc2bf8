import type { BulkActionBody } from '../../../api/bulk';
import type { SETTABLE_FIELDS } from '../../../../modules/bulk/schema';
import type { FieldDefinition } from '../../../api/types';

export type BulkSpec = BulkActionBody['action'];
/** What the bulk bar's menu offers: the server's bulk actions, and exporting the same selection. */
export type ActionKind = BulkSpec['type'] | 'export';

export interface ActionInfo {
  /** The menu item and the modal's button. */
  label: string;
  /** Agents may do it only to contacts they own: the count is of those. */
  ownedOnly: boolean;
}

export const ACTIONS: Record<ActionKind, ActionInfo> = {
  add_tags: { label: 'Add tags', ownedOnly: false },
  remove_tags: { label: 'Remove tags', ownedOnly: false },
  assign_owner: { label: 'Assign owner', ownedOnly: true },
  add_to_group: { label: 'Add to group', ownedOnly: false },
  remove_from_group: { label: 'Remove from group', ownedOnly: false },
  set_field: { label: 'Change a field', ownedOnly: false },
  export: { label: 'Export', ownedOnly: false },
  delete: { label: 'Delete', ownedOnly: true },
};

/** The inputs of every action's modal; each action reads the ones it needs. */
export interface ActionDraft {
  /** A user id, null for "no owner", undefined while none is picked. */
  ownerId: string | null | undefined;
  tags: string[];
  groupId: string | null;
  field: string | null;
  value: unknown;
  /** set_field: clear the field instead of setting a value. */
  clear: boolean;
}

export const emptyDraft = (): ActionDraft => ({
  ownerId: undefined,
  tags: [],
  groupId: null,
  field: null,
  value: null,
  clear: false,
});

type Settable = (typeof SETTABLE_FIELDS)[number];
/** How set_field edits a core field's value. */
export type CoreKind = 'text' | 'type' | 'level' | 'date' | 'language' | 'timeZone' | 'country';

export const CORE_FIELDS: {
  field: Settable;
  label: string;
  kind: CoreKind;
  section: 'contact' | 'address';
}[] = [
  { field: 'firstName', label: 'First name', kind: 'text', section: 'contact' },
  { field: 'lastName', label: 'Last name', kind: 'text', section: 'contact' },
  { field: 'type', label: 'Type', kind: 'type', section: 'contact' },
  { field: 'level', label: 'Level', kind: 'level', section: 'contact' },
  { field: 'company', label: 'Company', kind: 'text', section: 'contact' },
  { field: 'jobTitle', label: 'Job title', kind: 'text', section: 'contact' },
  { field: 'department', label: 'Department', kind: 'text', section: 'contact' },
  { field: 'birthDate', label: 'Birth date', kind: 'date', section: 'contact' },
  { field: 'language', label: 'Language', kind: 'language', section: 'contact' },
  { field: 'timeZone', label: 'Time zone', kind: 'timeZone', section: 'contact' },
  { field: 'street', label: 'Street', kind: 'text', section: 'address' },
  { field: 'city', label: 'City', kind: 'text', section: 'address' },
  { field: 'state', label: 'State', kind: 'text', section: 'address' },
  { field: 'zip', label: 'ZIP', kind: 'text', section: 'address' },
  { field: 'country', label: 'Country', kind: 'country', section: 'address' },
];

/** Type and level always have a value; every other field may be cleared. */
export const canClear = (field: string) => field !== 'type' && field !== 'level';

export const coreField = (field: string | null) => CORE_FIELDS.find((f) => f.field === field);
export const customField = (field: string | null, defs: FieldDefinition[]) =>
  field?.startsWith('custom.') ? defs.find((d) => `custom.${d.key}` === field) : undefined;

const isBlank = (v: unknown) =>
  v === null || v === undefined || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && !v.length);

/** The action to send, or what is missing before it can be sent. */
export function buildSpec(
  kind: Exclude<ActionKind, 'export'>,
  d: ActionDraft,
): BulkSpec | { missing: string } {
  switch (kind) {
    case 'add_tags':
    case 'remove_tags':
      return d.tags.length ? { type: kind, tags: d.tags } : { missing: 'Type at least one tag.' };
    case 'assign_owner':
      return d.ownerId === undefined
        ? { missing: 'Pick the new owner.' }
        : { type: kind, ownerId: d.ownerId };
    case 'add_to_group':
    case 'remove_from_group':
      return d.groupId ? { type: kind, groupId: d.groupId } : { missing: 'Pick a group.' };
    case 'set_field':
      if (!d.field) return { missing: 'Pick a field.' };
      if (d.clear) return { type: kind, field: d.field, value: null };
      if (isBlank(d.value))
        return { missing: canClear(d.field) ? 'Give a value, or tick “Clear the field”.' : 'Pick a value.' };
      return { type: kind, field: d.field, value: typeof d.value === 'string' ? d.value.trim() : d.value };
    case 'delete':
      return { type: kind };
  }
}
