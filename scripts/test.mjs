// `npm test`: the whole suite (vitest unit + integration, then Playwright e2e) against a freshly
// created database that is dropped afterwards — never the developer's data.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkNode, ensureDependencies, root } from './lib/bootstrap.mjs';

checkNode();
ensureDependencies();
const { ensureDatabaseServer, ensureDatabase, dropDatabase, withDatabase } = await import('./lib/database.mjs');
const { buildIsStale, nextBin } = await import('./lib/build-state.mjs');

const only = process.argv.slice(2); // e.g. `npm test -- unit` or `npm test -- e2e`
const want = (part) => only.length === 0 || only.includes(part);
const reports = mkdtempSync(path.join(tmpdir(), 'outpost-test-report-'));
const server = await ensureDatabaseServer();
const dbName = `outpost_test_${Date.now()}_${process.pid}`;
await ensureDatabase(server.adminUrl, dbName);
const env = { ...process.env, OUTPOST_TEST_DATABASE_URL: withDatabase(server.adminUrl, dbName), NEXT_TELEMETRY_DISABLED: '1' };
console.log(`[test] database ${dbName}`);

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;
try {
  if (buildIsStale('.next')) {
    console.log('[test] building the web app…');
    execFileSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...env, NODE_ENV: 'production' } });
  }
  env.OUTPOST_TEST_SKIP_BUILD = '1';

  if (want('unit')) {
    const file = path.join(reports, 'vitest.json');
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (run.status !== 0) exitCode = 1;
    if (existsSync(file)) {
      const report = JSON.parse(readFileSync(file, 'utf8'));
      passed += report.numPassedTests;
      failed += report.numFailedTests;
      skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    } else {
      failed += 1;
    }
  }

  if (want('e2e')) {
    const file = path.join(reports, 'playwright.json');
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=list,json'], {
      cwd: root,
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: file },
      stdio: 'inherit',
    });
    if (run.status !== 0) exitCode = 1;
    if (existsSync(file)) {
      const { stats } = JSON.parse(readFileSync(file, 'utf8'));
      passed += stats.expected + (stats.flaky ?? 0);
      failed += stats.unexpected;
      skipped += stats.skipped;
    } else {
      failed += 1;
    }
  }
} catch (error) {
  console.error('[test] failed:', error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await dropDatabase(server.adminUrl, dbName).catch(() => {});
  await server.stop().catch(() => {});
  rmSync(reports, { recursive: true, force: true });
}
if (failed > 0) exitCode = 1;
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(exitCode);
