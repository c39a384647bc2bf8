import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface WorkspacesTable {
  id: string;
  name: string;
  default_country: Generated<string>;
  date_format: Generated<string>;
  /** A message that is only one of these words opts its sender out (or back in). */
  optout_keywords: ColumnType<string[], string[] | undefined, string[]>;
  optin_keywords: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Generated<Date>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: Generated<Date>;
}

export type Role = 'owner' | 'admin' | 'agent';

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  workspace_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface ApiKeysTable {
  workspace_id: string;
  id: string;
  name: string;
  prefix: string;
  secret_hash: string;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type FieldType = 'text' | 'number' | 'date' | 'datetime' | 'checkbox' | 'select' | 'multiselect';

export interface FieldDefinitionsTable {
  workspace_id: string;
  id: string;
  key: string;
  label: string;
  type: FieldType;
  options: Json<string[]>;
  required: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface ContactsTable {
  workspace_id: string;
  id: string;
  first_name: string | null;
  last_name: string | null;
  type: Generated<string>;
  level: Generated<string>;
  company: string | null;
  job_title: string | null;
  department: string | null;
  birth_date: string | null;
  language: string | null;
  time_zone: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  owner_id: string | null;
  created_by: string | null;
  source: Generated<string>;
  external_id: string | null;
  custom: Json<Record<string, unknown>>;
  active: Generated<boolean>;
  blocked: Generated<boolean>;
  blocked_reason: string | null;
  search_text: Generated<string>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContactPointsTable {
  workspace_id: string;
  id: string;
  contact_id: string;
  channel: string;
  label: string;
  value: string;
  normalized: string;
  status: string;
  position: number;
  created_at: Generated<Date>;
}

export interface ContactSharesTable {
  workspace_id: string;
  contact_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface ContactChangesTable {
  workspace_id: string;
  id: string;
  contact_id: string;
  action: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  changes: Json<unknown[]>;
  created_at: Generated<Date>;
}

export interface UserPreferencesTable {
  workspace_id: string;
  user_id: string;
  key: string;
  value: Json<unknown>;
  updated_at: Generated<Date>;
}

export interface ImportsTable {
  workspace_id: string;
  id: string;
  created_by: string | null;
  file_name: string;
  file_size: number;
  state: Generated<string>;
  encoding: string | null;
  delimiter: string | null;
  has_header: boolean | null;
  headers: ColumnType<string[], string | undefined, string>;
  rows_estimate: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  file_kind: string | null;
  /** XLSX: the workbook's sheet names, and the one read. */
  sheets: ColumnType<string[] | null, string | null | undefined, string | null>;
  sheet: string | null;
  /** The start request: mapping and options (see imports/options.ts); null until started. */
  options: ColumnType<unknown, string | null | undefined, string | null> | null;
  rows_read: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  /** Imports with a listId: list entries added. */
  added_to_list: Generated<number>;
  /** Every data row up to this line of the file is committed (the resume point). */
  done_through_row: Generated<number>;
  cancel_requested: Generated<boolean>;
  error: string | null;
  /** When the file's bytes were deleted after retention (imports/retention.ts); null while kept. */
  file_deleted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}

export interface ImportRowsFailedTable {
  workspace_id: string;
  import_id: string;
  row_number: number;
  cells: ColumnType<string[], string, string>;
  errors: ColumnType<string[], string, string>;
}

export interface ImportChunksTable {
  workspace_id: string;
  import_id: string;
  seq: number;
  data: Uint8Array;
}

export interface DB {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  field_definitions: FieldDefinitionsTable;
  contacts: ContactsTable;
  contact_points: ContactPointsTable;
  contact_shares: ContactSharesTable;
  contact_changes: ContactChangesTable;
  user_preferences: UserPreferencesTable;
  imports: ImportsTable;
  import_chunks: ImportChunksTable;
  import_rows_failed: ImportRowsFailedTable;
}

export type ContactRow = Selectable<ContactsTable>;
export type NewContact = Insertable<ContactsTable>;
export type ContactUpdate = Updateable<ContactsTable>;
export type ContactPointRow = Selectable<ContactPointsTable>;
export type FieldDefinitionRow = Selectable<FieldDefinitionsTable>;
export type ImportRow = Selectable<ImportsTable>;

// Exports (src/modules/exports): background export jobs and their finished files. `DB` is merged
// with the declaration above, so this block stays separate from the other tables.
export interface ExportsTable {
  workspace_id: string;
  id: string;
  created_by: string | null;
  api_key_id: string | null;
  actor_role: Role;
  actor_name: string;
  format: string;
  /** The export options as sent: columns, q, ids. */
  options: Json<Record<string, unknown>>;
  state: Generated<string>;
  rows_written: Generated<number>;
  file_name: string;
  file_size: number | null;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
  expires_at: Timestamp;
}

export interface ExportChunksTable {
  workspace_id: string;
  export_id: string;
  seq: number;
  data: Uint8Array;
}

export interface DB {
  exports: ExportsTable;
  export_chunks: ExportChunksTable;
}

export type ExportRow = Selectable<ExportsTable>;

// Segments, groups and bulk actions (src/modules/segments, groups, bulk).
export interface SegmentsTable {
  workspace_id: string;
  id: string;
  name: string;
  filter: Json<unknown>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupsTable {
  workspace_id: string;
  id: string;
  name: string;
  category: string | null;
  kind: 'static' | 'dynamic';
  filter: Json<unknown> | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupMembersTable {
  workspace_id: string;
  group_id: string;
  contact_id: string;
  added_at: Generated<Date>;
}

export interface BulkActionsTable {
  workspace_id: string;
  id: string;
  created_by: string | null;
  api_key_id: string | null;
  actor_role: Role;
  actor_name: string;
  action: Json<Record<string, unknown>>;
  selection: Json<Record<string, unknown>>;
  state: Generated<'waiting' | 'running' | 'done' | 'failed' | 'cancelled'>;
  total: Generated<number>;
  processed: Generated<number>;
  changed: Generated<number>;
  skipped: Generated<number>;
  failed: Generated<number>;
  last_id: string | null;
  result: Json<Record<string, unknown>> | null;
  error: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  finished_at: Date | null;
}

export interface DB {
  segments: SegmentsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  bulk_actions: BulkActionsTable;
}

export type SegmentRow = Selectable<SegmentsTable>;
export type GroupRow = Selectable<GroupsTable>;
export type BulkActionRow = Selectable<BulkActionsTable>;

// Consent (src/modules/optouts): opt-out history and the suppression list.
export type OptOutSource = 'user' | 'api' | 'import' | 'inbound' | 'suppression' | 'system';

export interface OptoutEventsTable {
  workspace_id: string;
  id: string;
  channel: string;
  normalized: string;
  contact_id: string | null;
  status: 'active' | 'opted_out';
  source: OptOutSource;
  reason: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Generated<Date>;
}

export interface SuppressionsTable {
  workspace_id: string;
  channel: string;
  normalized: string;
  value: string;
  source: OptOutSource;
  reason: string | null;
  created_at: Generated<Date>;
}

export interface DB {
  optout_events: OptoutEventsTable;
  suppressions: SuppressionsTable;
}

export type OptOutEventRow = Selectable<OptoutEventsTable>;
export type NewOptOutEvent = Insertable<OptoutEventsTable>;
export type SuppressionRow = Selectable<SuppressionsTable>;

// Contact merges (src/modules/merges): what each merge changed, and where merged-away ids went.
export interface ContactMergesTable {
  workspace_id: string;
  id: string;
  primary_id: string;
  merged_ids: ColumnType<string[], string[], string[]>;
  /** Everything an unmerge restores (src/modules/merges/snapshot.ts). */
  snapshot: Json<unknown>;
  primary_version_after: number;
  created_by: string | null;
  actor_name: string | null;
  created_at: Generated<Date>;
  undone_at: Date | null;
  undone_by: string | null;
}

export interface ContactAliasesTable {
  workspace_id: string;
  old_id: string;
  contact_id: string;
  merge_id: string;
  created_at: Generated<Date>;
}

export interface DB {
  contact_merges: ContactMergesTable;
  contact_aliases: ContactAliasesTable;
}

export type ContactMergeRow = Selectable<ContactMergesTable>;

// Duplicate scans (src/modules/duplicate-scans): runs, the groups they found, and pairs people
// said are not one person.
export type DuplicateScanState = 'waiting' | 'running' | 'done' | 'error';

export interface DuplicateScansTable {
  workspace_id: string;
  id: string;
  state: Generated<DuplicateScanState>;
  phase: string | null;
  progress: Generated<number>;
  threshold: number;
  created_by: string | null;
  api_key_id: string | null;
  actor_name: string;
  contacts: Generated<number>;
  /** bigint: node-postgres returns it as a string. */
  comparisons: ColumnType<string | number, number | undefined, number>;
  clusters: Generated<number>;
  duplicates: Generated<number>;
  error: string | null;
  created_at: Generated<Date>;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface DuplicateClustersTable {
  workspace_id: string;
  scan_id: string;
  seq: number;
  score: number;
  members: ColumnType<string[], string[], string[]>;
  pairs: Json<unknown>;
}

export interface DuplicateDismissalsTable {
  workspace_id: string;
  contact_a: string;
  contact_b: string;
  created_by: string | null;
  actor_name: string;
  created_at: Generated<Date>;
}

export interface DB {
  duplicate_scans: DuplicateScansTable;
  duplicate_clusters: DuplicateClustersTable;
  duplicate_dismissals: DuplicateDismissalsTable;
}

export type DuplicateScanRow = Selectable<DuplicateScansTable>;

// The contact timeline (src/modules/activities) and outbound (campaigns, lists, list entries).
export interface ActivitiesTable {
  workspace_id: string;
  id: string;
  contact_id: string;
  kind: string;
  channel: string | null;
  direction: 'inbound' | 'outbound' | null;
  occurred_at: Generated<Date>;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  summary: Generated<string>;
  payload: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** The integration's own id, unique in the workspace when given. */
  external_id?: string | null;
  created_at: Generated<Date>;
}

export type CampaignStatus = 'active' | 'paused' | 'completed';

export interface CampaignsTable {
  workspace_id: string;
  id: string;
  name: string;
  channels: ColumnType<string[], string[], string[]>;
  status: Generated<CampaignStatus>;
  loading: Generated<'lists' | 'web_service'>;
  max_attempts: Generated<number>;
  /** Outcome → minutes before the next try. */
  retry_minutes: Json<Record<string, number>>;
  /** 'HH:MM:SS' */
  window_start: Generated<string>;
  window_end: Generated<string>;
  /** ISO weekdays, 1 = Monday. */
  window_days: ColumnType<number[], number[] | undefined, number[]>;
  address_rules: Json<{ use: string; channel: string; label?: string | null }[]>;
  close_when_all_reached: Generated<boolean>;
  lease_seconds: Generated<number>;
  web_service: Json<{ url: string; headerName: string | null; timeoutMs: number } | null>;
  web_service_secret: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ContactListsTable {
  workspace_id: string;
  id: string;
  campaign_id: string;
  name: string;
  state: Generated<'started' | 'stopped'>;
  source: Generated<'manual' | 'file' | 'filter' | 'web_service'>;
  filter: Json<unknown> | null;
  segment_id: string | null;
  /** A 5-field cron expression: re-run the stored filter or segment on it. */
  schedule: string | null;
  last_run_at: Date | null;
  /** IANA zone the schedule's cron is read in. */
  schedule_time_zone: string | null;
  /** When the schedule is due next; null when there is no schedule. */
  next_run_at: Date | null;
  /** Why the last scheduled run failed; null after one that worked. */
  schedule_error: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type EntryState = 'callable' | 'planning' | 'open' | 'closed' | 'attempted' | 'flagged';

export interface ListEntriesTable {
  workspace_id: string;
  id: string;
  list_id: string;
  campaign_id: string;
  contact_id: string | null;
  state: Generated<EntryState>;
  priority: Generated<number>;
  top_priority: Generated<boolean>;
  next_try_at: Generated<Date>;
  preferred_agent_id: string | null;
  skill: string | null;
  time_zones: ColumnType<string[], string[], string[]>;
  address_channel: string | null;
  address: string | null;
  attempts: Generated<number>;
  last_result: string | null;
  last_attempt_at: Date | null;
  flag_reason: string | null;
  /** Campaign channel → 'reached'. */
  progress: ColumnType<Record<string, string>, string | undefined, string>;
  /** channel:normalized values found invalid for this entry. */
  invalid: ColumnType<string[], string[] | undefined, string[]>;
  lease_id: string | null;
  leased_by: string | null;
  lease_expires_at: Date | null;
  leased_channel: string | null;
  leased_address: string | null;
  payload: Json<Record<string, unknown>> | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface DB {
  activities: ActivitiesTable;
  campaigns: CampaignsTable;
  contact_lists: ContactListsTable;
  list_entries: ListEntriesTable;
}

export type ActivityRow = Selectable<ActivitiesTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type ContactListRow = Selectable<ContactListsTable>;
export type ListEntryRow = Selectable<ListEntriesTable>;

// Inbound conversations (src/modules/conversations), one per client conversation id.
export interface ConversationsTable {
  workspace_id: string;
  id: string;
  external_id: string;
  channel: string;
  sender: string;
  contact_id: string | null;
  activity_id: string | null;
  contact_created: Generated<boolean>;
  blocked: Generated<boolean>;
  consent: 'opted_out' | 'opted_in' | null;
  received_at: Date;
  created_at: Generated<Date>;
}

export interface DB {
  conversations: ConversationsTable;
}

export type ConversationRow = Selectable<ConversationsTable>;

// Webhooks (src/modules/webhooks): registered URLs and the outbox of their deliveries.
export type WebhookState = 'active' | 'paused';
export type DeliveryState = 'pending' | 'sending' | 'succeeded' | 'failed' | 'dead';

export interface WebhooksTable {
  workspace_id: string;
  id: string;
  url: string;
  events: ColumnType<string[], string[], string[]>;
  /** Kept as given: every delivery is signed with it (it cannot be hashed). */
  secret: string;
  state: Generated<WebhookState>;
  description: string | null;
  created_by: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  workspace_id: string;
  id: string;
  webhook_id: string;
  event: string;
  /** The same for every hook an event goes to, and for every attempt. */
  event_id: string;
  payload: Json<Record<string, unknown>>;
  state: Generated<DeliveryState>;
  attempts: Generated<number>;
  /** When it is due (pending, failed) or when a worker's claim runs out (sending); null when done. */
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  /** The start of the last answer's body, at most 1 KB. */
  response: string | null;
  created_at: Generated<Date>;
  delivered_at: Timestamp | null;
}

export interface DB {
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
