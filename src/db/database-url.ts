// Connection strings such as postgres://root@/db?host=/var/run/postgresql are not WHATWG URLs,
// so the database name is read and replaced by pattern.
const URL_PARTS = /^(postgres(?:ql)?:\/\/[^/]*\/)([^?]*)(.*)$/;

export function databaseName(url: string): string {
  const m = URL_PARTS.exec(url);
  if (!m || !m[2]) throw new Error(`DATABASE_URL must name a database: ${url}`);
  return decodeURIComponent(m[2]);
}

/** The same connection string naming another database (e.g. `postgres`, to create or drop one). */
export function withDatabase(url: string, name: string): string {
  return url.replace(
    URL_PARTS,
    (_all, head: string, _db: string, tail: string) => `${head}${encodeURIComponent(name)}${tail}`,
  );
}
