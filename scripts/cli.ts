// Outpost CLI: `npm run outpost -- <command> [options]`.
import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '@/lib/auth/api-keys';
import { ensureUser, findUserByEmail } from '@/lib/auth/users';
import { closeDb } from '@/lib/db/client';

const usage = `Usage:
  npm run outpost -- api-keys:create --email EMAIL --name NAME   creates the user if absent; prints the key last
  npm run outpost -- api-keys:list --email EMAIL
  npm run outpost -- api-keys:revoke --email EMAIL --id KEY_ID`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, help: { type: 'boolean' } },
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
