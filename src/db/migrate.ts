import { Migrator, type Migration, type MigrationProvider, type Kysely } from 'kysely';
import * as foundation from './migrations/2026112201_foundation.js';
import * as imports from './migrations/2026112301_imports.js';
import * as importJobs from './migrations/2026112302_import_jobs.js';
import * as exportsTables from './migrations/2026112303_exports.js';
import * as search from './migrations/2026112401_search.js';
import * as groups from './migrations/2026112402_groups.js';
import * as optouts from './migrations/2026120501_optouts.js';
import * as merges from './migrations/2026120502_merges.js';
import * as duplicateScans from './migrations/2026120601_duplicate_scans.js';
import * as outbound from './migrations/2026120602_outbound.js';
import * as listSources from './migrations/2026120603_list_sources.js';
import * as importListEntries from './migrations/2026120604_import_list_entries.js';
import * as webhooks from './migrations/2026120605_webhooks.js';
import * as conversations from './migrations/2026120606_conversations.js';
import * as listEntryContactIndex from './migrations/2026120607_list_entry_contact_index.js';
import * as webhookDeliveriesEndedIndex from './migrations/2026120608_webhook_deliveries_ended_index.js';
import * as searchOwner from './migrations/2026120609_search_owner.js';
import * as searchWordsNoNumbers from './migrations/2026120610_search_words_no_numbers.js';
import * as searchEmails from './migrations/2026120701_search_emails.js';
import * as changeLogUncheckedWorkspace from './migrations/2026120702_change_log_unchecked_workspace.js';
import * as importFileRetention from './migrations/2026120703_import_file_retention.js';

// Migrations are listed here, in order, so they ship inside any bundle and never depend on
// reading the file system at run time.
const migrations: Record<string, Migration> = {
  '2026112201_foundation': foundation,
  '2026112301_imports': imports,
  '2026112302_import_jobs': importJobs,
  '2026112303_exports': exportsTables,
  '2026112401_search': search,
  '2026112402_groups': groups,
  '2026120501_optouts': optouts,
  '2026120502_merges': merges,
  '2026120601_duplicate_scans': duplicateScans,
  '2026120602_outbound': outbound,
  '2026120603_list_sources': listSources,
  '2026120604_import_list_entries': importListEntries,
  '2026120605_webhooks': webhooks,
  '2026120606_conversations': conversations,
  '2026120607_list_entry_contact_index': listEntryContactIndex,
  '2026120608_webhook_deliveries_ended_index': webhookDeliveriesEndedIndex,
  '2026120609_search_owner': searchOwner,
  '2026120610_search_words_no_numbers': searchWordsNoNumbers,
  '2026120701_search_emails': searchEmails,
  '2026120702_change_log_unchecked_workspace': changeLogUncheckedWorkspace,
  '2026120703_import_file_retention': importFileRetention,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Runs pending migrations; Kysely holds a PostgreSQL advisory lock so servers starting together do not race. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
