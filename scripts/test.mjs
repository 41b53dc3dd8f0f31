// `npm test`: the whole suite against freshly created databases that are dropped afterwards — never
// the developer's data. Three parts: vitest `unit` (pure logic, no stack), vitest `integration`
// (tests/ against one stack) and Playwright `e2e` (its own stack). The build comes first; then the
// unit part, and the two stack parts side by side (each with its own database, web app and worker):
// their time is mostly waiting on deliveries and pages, not CPU. Each part's output is printed
// whole when it ends, with its time. `OUTPOST_TEST_SERIAL=1` runs the parts one after another.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkNode, ensureDependencies, root } from './lib/bootstrap.mjs';

checkNode();
ensureDependencies();
const { ensureDatabaseServer, ensureDatabase, dropDatabase, withDatabase } = await import('./lib/database.mjs');
const { buildIsStale, nextBin } = await import('./lib/build-state.mjs');

const only = process.argv.slice(2); // e.g. `npm test -- unit`, `npm test -- integration`, `npm test -- e2e`
const want = (part) => only.length === 0 || only.includes(part);
const serial = process.env.OUTPOST_TEST_SERIAL === '1';
const reports = mkdtempSync(path.join(tmpdir(), 'outpost-test-report-'));
const server = await ensureDatabaseServer();
const databases = [];
async function freshDatabase(part) {
  const name = `outpost_test_${part}_${Date.now()}_${process.pid}`;
  await ensureDatabase(server.adminUrl, name);
  databases.push(name);
  return withDatabase(server.adminUrl, name);
}
const baseEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', OUTPOST_TEST_SKIP_BUILD: '1' };
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Runs one part with its output kept in a file, printed whole at the end; resolves with its counts. */
function runPart(name, args, env, readCounts) {
  const log = path.join(reports, `${name}.log`);
  const started = Date.now();
  console.log(`[test] ${name}: started`);
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    child.on('close', (status) => {
      out.end(() => {
        const ms = Date.now() - started;
        process.stdout.write(`\n──── ${name} (${seconds(ms)}) ────\n${readFileSync(log, 'utf8')}`);
        const counts = readCounts();
        console.log(`[test] ${name}: ${status === 0 ? 'passed' : 'FAILED'} in ${seconds(ms)} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`);
        resolve({ name, ms, ok: status === 0 && counts.failed === 0, ...counts });
      });
    });
  });
}

function vitestCounts(file) {
  return () => {
    if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + (report.numTodoTests ?? 0) };
  };
}

function playwrightCounts(file) {
  return () => {
    if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
    const { stats } = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: stats.expected + (stats.flaky ?? 0), failed: stats.unexpected, skipped: stats.skipped };
  };
}

const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const parts = {
  unit: async () => {
    const file = path.join(reports, 'unit.json');
    return runPart('unit', [vitest, 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], baseEnv, vitestCounts(file));
  },
  integration: async () => {
    const file = path.join(reports, 'integration.json');
    const env = { ...baseEnv, OUTPOST_TEST_DATABASE_URL: await freshDatabase('integration') };
    return runPart('integration', [vitest, 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], env, vitestCounts(file));
  },
  e2e: async () => {
    const file = path.join(reports, 'e2e.json');
    const env = { ...baseEnv, OUTPOST_TEST_DATABASE_URL: await freshDatabase('e2e'), PLAYWRIGHT_JSON_OUTPUT_NAME: file };
    return runPart('e2e', [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=list,json'], env, playwrightCounts(file));
  },
};

const started = Date.now();
const results = [];
let exitCode = 0;
try {
  if (buildIsStale('.next')) {
    const t = Date.now();
    console.log('[test] building the web app…');
    execFileSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...baseEnv, NODE_ENV: 'production' } });
    console.log(`[test] build: ${seconds(Date.now() - t)}`);
  }
  const chosen = Object.keys(parts).filter(want);
  if (serial) {
    for (const part of chosen) results.push(await parts[part]());
  } else {
    // The unit part is short and CPU-bound: alone first, then the two stack parts together.
    if (chosen.includes('unit')) results.push(await parts.unit());
    results.push(...(await Promise.all(chosen.filter((p) => p !== 'unit').map((p) => parts[p]()))));
  }
} catch (error) {
  console.error('[test] failed:', error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await Promise.all(databases.map((name) => dropDatabase(server.adminUrl, name).catch(() => {})));
  await server.stop().catch(() => {});
  rmSync(reports, { recursive: true, force: true });
}
const total = (key) => results.reduce((sum, r) => sum + r[key], 0);
if (results.some((r) => !r.ok)) exitCode = 1;
console.log('\n[test] times: ' + results.map((r) => `${r.name} ${seconds(r.ms)}`).join(', ') + `; total ${seconds(Date.now() - started)}`);
console.log(`${total('passed')} passed, ${total('failed')} failed, ${total('skipped')} skipped`);
process.exit(exitCode);
