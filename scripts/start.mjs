// `npm start` (and `npm run dev` with --dev): one command that installs what is missing, boots
// Postgres (embedded when DATABASE_URL is unset), migrates, builds if needed, then runs the web
// app, the worker and the sandbox providers. A worker or sandbox that dies is restarted (with
// backoff); one Ctrl-C, or the web app dying, stops them all.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { checkNode, ensureDependencies, loadLocalEnv, root } from './lib/bootstrap.mjs';
import { createSupervisor, spawnPrefixed } from './lib/supervisor.mjs';

checkNode();
ensureDependencies();
loadLocalEnv();

const dev = process.argv.includes('--dev');
const { register } = await import('tsx/esm/api');
register();
const { prepareAppDatabase } = await import('./lib/database.mjs');
const { buildIsStale, nextBin } = await import('./lib/build-state.mjs');
const { sandboxProviderBases } = await import('../lib/sandbox/urls.ts');

let database = { stop: async () => {} };
let shuttingDown = false;
const supervisor = createSupervisor({
  onFatal: (name, why) => {
    console.error(`[outpost] ${name} ${why}; stopping everything`);
    void shutdown(1);
  },
});

/** `restart`: brought back after a crash; otherwise its death stops everything. */
function run(name, args, env = process.env, { restart = true } = {}) {
  supervisor.add(name, () => spawnPrefixed(name, args, { cwd: root, env }), { restart });
}

async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('[outpost] stopping…');
  await supervisor.stop();
  await database.stop().catch(() => {});
  console.log('[outpost] stopped');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  database = await prepareAppDatabase();
  process.env.DATABASE_URL = database.url;

  const sandboxOn = !['false', '0'].includes(process.env.OUTPOST_SANDBOX ?? 'true');
  const port = process.env.PORT || '3000';
  if (sandboxOn) {
    const sandboxPort = process.env.OUTPOST_SANDBOX_PORT || '4400';
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    // Provider URLs point at the sandbox unless the environment says otherwise.
    for (const [key, value] of Object.entries(sandboxProviderBases(sandboxUrl))) process.env[key] ??= value;
    process.env.OUTPOST_ALLOWED_TARGETS ??= `127.0.0.1:${sandboxPort},localhost:${sandboxPort}`;
    process.env.OUTPOST_SANDBOX_URL = sandboxUrl;
  }
  process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.AUTH_URL ??= `http://localhost:${port}`;

  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/migrate.ts')], { cwd: root, stdio: 'inherit', env: process.env });

  if (sandboxOn) run('sandbox', ['--import', 'tsx', path.join(root, 'scripts/sandbox.ts')]);
  if (dev) {
    run('web', [nextBin, 'dev', '-p', port], process.env, { restart: false });
  } else {
    if (buildIsStale('.next')) {
      console.log('[outpost] building the web app…');
      execFileSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    }
    run('web', [nextBin, 'start', '-p', port], { ...process.env, NODE_ENV: 'production' }, { restart: false });
  }
  run('worker', ['--import', 'tsx', path.join(root, 'jobs/worker.ts')]);
  console.log(`[outpost] web on http://localhost:${port}${sandboxOn ? ` · sandbox on ${process.env.OUTPOST_SANDBOX_URL}` : ''} · Ctrl-C stops everything`);
} catch (error) {
  console.error('[outpost] failed to start:', error instanceof Error ? error.message : error);
  await shutdown(1);
}
