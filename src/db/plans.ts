/**
 * Marks a statement whose best plan depends on its values: the prepared-statement client
 * (prepared-client.ts) runs any text containing it unnamed, so PostgreSQL plans it with the
 * values of each call. A named statement gets a generic plan after five calls, and for a filter
 * that plan guesses selectivities blind: "created in the last 90 days" became a walk of the
 * created_at index over a quarter of a million contacts (941 ms) instead of a scan (200 ms).
 * A comment, so it changes nothing else wherever it is placed.
 */
export const PLAN_EACH_CALL = '/* plan each call */';
