// Import enumerations, free of imports so the web app and every module can load them.
export const IMPORT_STATES = [
  'receiving',
  'uploaded',
  'waiting',
  'processing',
  'processed',
  'error',
  'cancelled',
] as const;
export const ENCODINGS = ['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const DELIMITERS = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' } as const;
export type DelimiterName = keyof typeof DELIMITERS;
export const DELIMITER_NAMES = Object.keys(DELIMITERS) as [DelimiterName, ...DelimiterName[]];

/** The last column of an error file: why each row failed. */
export const ERRORS_HEADER = 'Errors';

export const ADDRESS_PARTS = ['street', 'city', 'state', 'zip', 'country'] as const;

/** Core fields a column can fill. fullName is split into first and last name (see ImportTarget). */
export const CORE_IMPORT_FIELDS = [
  'firstName',
  'lastName',
  'fullName',
  'type',
  'level',
  'company',
  'jobTitle',
  'department',
  'birthDate',
  'language',
  'timeZone',
  ...ADDRESS_PARTS,
  'tags',
  'externalId',
  'ownerEmail',
] as const;
export type CoreImportField = (typeof CORE_IMPORT_FIELDS)[number];

export const CORE_FIELD_LABELS: Record<CoreImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  fullName: 'Full name',
  type: 'Type',
  level: 'Level',
  company: 'Company',
  jobTitle: 'Job title',
  department: 'Department',
  birthDate: 'Birth date',
  language: 'Language',
  timeZone: 'Time zone',
  street: 'Street',
  city: 'City',
  state: 'State',
  zip: 'ZIP',
  country: 'Country',
  tags: 'Tags',
  externalId: 'External id',
  ownerEmail: 'Owner email',
};

/**
 * Fields of the list entry each row makes, for imports that add to a contact list (listId):
 * empty cells take the list's defaults (priority 0, now, the contact's or phone's zone, not top).
 */
export const ENTRY_IMPORT_FIELDS = [
  'entry.priority',
  'entry.nextTryAt',
  'entry.timeZone',
  'entry.topPriority',
] as const;
export type EntryImportField = (typeof ENTRY_IMPORT_FIELDS)[number];

export const ENTRY_FIELD_LABELS: Record<EntryImportField, string> = {
  'entry.priority': 'Entry priority',
  'entry.nextTryAt': 'Entry next try',
  'entry.timeZone': 'Entry time zone',
  'entry.topPriority': 'Entry top priority',
};

/** Whatever a `field` target may name: a contact field or a list entry field. */
export type ImportField = CoreImportField | EntryImportField;
export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  ...CORE_FIELD_LABELS,
  ...ENTRY_FIELD_LABELS,
};
export const isEntryField = (f: string): f is EntryImportField =>
  (ENTRY_IMPORT_FIELDS as readonly string[]).includes(f);

export const MATCH_KEYS = ['externalId', 'email', 'phone', 'none'] as const;
export type MatchKey = (typeof MATCH_KEYS)[number];
export const ON_MATCH = ['update', 'skip', 'create'] as const;
export type OnMatch = (typeof ON_MATCH)[number];
