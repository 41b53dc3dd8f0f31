// Outpost CLI: `npm run outpost -- <command> [options]`.
import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { ensureUser, findUserByEmail } from '@/lib/auth/users';
import { keyUsage, rotateKeys } from '@/lib/credentials/rotate';
import { closeDb } from '@/lib/db/client';

const usage = `Usage:
  npm run outpost -- api-keys:create --email EMAIL --name NAME   creates the user if absent; prints the key last
  npm run outpost -- api-keys:list --email EMAIL
  npm run outpost -- api-keys:revoke --email EMAIL --id KEY_ID
  npm run outpost -- keys:rotate [--batch N]   re-encrypts every connection secret with OUTPOST_ENCRYPTION_KEY
                                               (older keys in OUTPOST_ENCRYPTION_KEYS_PREVIOUS); resumable
  npm run outpost -- keys:status               connection secrets per encryption key id`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, batch: { type: 'string' }, help: { type: 'boolean' } },
});

function need(name: 'email' | 'name' | 'id'): string {
  const value = values[name];
  if (!value) {
    console.error(`Missing --${name}\n\n${usage}`);
    process.exit(2);
  }
  return value;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'api-keys:create': {
      const user = await ensureUser(need('email'));
      const { key, apiKey } = await createApiKey(user.id, need('name'));
      console.error(`Created API key "${apiKey.name}" (${apiKey.prefix}…) for ${user.email}. Store it now; it is not shown again.`);
      console.log(key);
      return 0;
    }
    case 'api-keys:list': {
      const user = await findUserByEmail(need('email'));
      if (!user) return console.error('No such user'), 1;
      for (const k of await listApiKeys(user.id)) {
        console.log(`${k.id}  ${k.prefix}…  ${k.name}  ${k.revokedAt ? 'revoked' : 'active'}`);
      }
      return 0;
    }
    case 'api-keys:revoke': {
      const user = await findUserByEmail(need('email'));
      if (!user) return console.error('No such user'), 1;
      await revokeApiKey(user.id, need('id'));
      console.log('revoked');
      return 0;
    }
    case 'keys:rotate': {
      const batchSize = values.batch === undefined ? 100 : Number(values.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
        console.error(`--batch must be a whole number from 1 to 10000\n\n${usage}`);
        return 2;
      }
      const report = await rotateKeys({
        batchSize,
        onBatch: (p) => console.log(`re-encrypted ${p.done} of ${p.due}${p.failed ? `, ${p.failed} could not be opened` : ''}`),
      });
      console.log(`rotated: ${report.rotated}, changed meanwhile (already current): ${report.changedMeanwhile}, could not be opened: ${report.failed.length}, needed rotation: ${report.due}`);
      for (const failure of report.failed) console.error(`connection ${failure.id}: ${failure.reason}`);
      if (report.failed.length) {
        console.error('Some secrets did not open: keep the key they were sealed with in OUTPOST_ENCRYPTION_KEYS_PREVIOUS, or reconnect those connections.');
        return 1;
      }
      console.log('Every connection secret is sealed with the current key: the previous keys can be removed.');
      return 0;
    }
    case 'keys:status': {
      for (const k of await keyUsage()) console.log(`${k.keyVersion}  ${k.rows} connection(s)${k.current ? '  (current key)' : ''}${k.withoutAad ? `  ${k.withoutAad} without associated data` : ''}`);
      return 0;
    }
    default:
      console.error(usage);
      return values.help ? 0 : 2;
  }
}

let code = 1;
try {
  code = await main(positionals[0]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  await closeDb();
}
process.exit(code);
