// API shapes, taken from the backend's Zod schemas. Type-only imports: contacts and workspaces
// schemas pull in phone and country tables we do not want in the browser bundle.
import type { z } from 'zod';
import type {
  Change as ChangeSchema,
  Contact as ContactSchema,
  ContactList as ContactListSchema,
  ChangeList as ChangeListSchema,
  SortField,
} from '../../modules/contacts/schema';
import type { CHANNELS } from '../../modules/contacts/normalize';
import type { FieldDefinition, FIELD_TYPES } from '../../modules/fields/schema';
import type { Member } from '../../modules/users/schema';
import type { ApiKey, ApiKeyCreated as ApiKeyCreatedSchema } from '../../modules/api-keys/schema';
import type { WorkspaceSettings as WorkspaceSchema, DATE_FORMATS } from '../../modules/workspaces/schema';
import type { Me } from '../../modules/auth/schema';

export type { ContactCreate, ContactPatch, ContactPoint, PointInput } from '../../modules/contacts/schema';
export type { FieldDefinition, Member, ApiKey, Me, SortField };

export type Contact = z.infer<typeof ContactSchema>;
export type ContactList = z.infer<typeof ContactListSchema>;
export type Change = z.infer<typeof ChangeSchema>;
export type ChangeList = z.infer<typeof ChangeListSchema>;
export type ApiKeyCreated = z.infer<typeof ApiKeyCreatedSchema>;
export type Workspace = z.infer<typeof WorkspaceSchema>;
export type Channel = (typeof CHANNELS)[number];
export type FieldType = (typeof FIELD_TYPES)[number];
export type DateFormat = (typeof DATE_FORMATS)[number];
export type Role = Me['role'];

export interface Meta {
  countries: { code: string; name: string }[];
  languages: { code: string; name: string }[];
  timeZones: string[];
  channels: string[];
  labels: string[];
  types: string[];
  levels: string[];
  sources: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
