// `node scripts/run.mjs <entry.ts> [args]`: checks Node, installs dependencies if missing, loads
// .env.local, makes sure the database is up, then runs the TypeScript entry with tsx.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { checkNode, ensureDependencies, loadLocalEnv, root } from './lib/bootstrap.mjs';

checkNode();
ensureDependencies();
loadLocalEnv();
const { prepareAppDatabase } = await import('./lib/database.mjs');
const database = await prepareAppDatabase();
process.env.DATABASE_URL = database.url;

const [entry, ...args] = process.argv.slice(2);
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry), ...args], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', async (code, signal) => {
  await database.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
