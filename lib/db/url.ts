/** The database Outpost uses: DATABASE_URL, or the embedded Postgres that `npm start` runs. */
export function resolveDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  if (source.DATABASE_URL) return source.DATABASE_URL;
  const port = source.OUTPOST_EMBEDDED_PG_PORT || '54329';
  return `postgres://postgres:postgres@127.0.0.1:${port}/outpost`;
}
