// Applies database migrations (drizzle/) and pg-boss's schema, then exits.
import { resolveDatabaseUrl } from '@/lib/db/url';
import { runMigrations } from '@/lib/db/migrate';
import { installQueueSchema } from '@/lib/queue/boss';

try {
  const url = resolveDatabaseUrl();
  await runMigrations(url);
  await installQueueSchema(url);
  console.log('migrations applied');
  process.exit(0);
} catch (error) {
  console.error('migration failed:', error instanceof Error ? error.message : error);
  process.exit(1);
}
