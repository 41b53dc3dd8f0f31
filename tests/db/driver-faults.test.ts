import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLostConnectionDriverFault } from '@/lib/db/driver-faults';
import { isLostConnection } from '@/lib/db/lost-connection';

const root = path.resolve(import.meta.dirname, '../..');
const ROUNDS = 10;
const POINTS = ['during a statement', 'between statements', 'at rollback', 'at commit', 'unhandled while the caller waits', 'reserved, statements queued', 'reserve() waiting when its pool loses a connection'];

function probe(env: Record<string, string> = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tests/db/fixtures/lost-connection-probe.ts')], {
    cwd: root,
    env: { ...process.env, PROBE_ROUNDS: String(ROUNDS), ...env },
    encoding: 'utf8',
    timeout: 45_000,
  });
}

describe('a backend killed at any point of a transaction (postgres.js#1208 and its kin)', () => {
  it('fails only that transaction: the process lives and the pool queries on, every round at every point', () => {
    const run = probe();
    expect(run.stderr).not.toMatch(/fatal:/);
    for (const point of POINTS) {
      expect(run.stdout).toContain(`point "${point}": ${ROUNDS} rounds; transaction CONNECTION_CLOSED ${ROUNDS}; queried on ${ROUNDS} of ${ROUNDS}`);
    }
    expect(run.stdout).toContain(`done: ${ROUNDS * POINTS.length} killed transactions survived`);
    // The unhandled shape really happened (else the last point would prove nothing): the handler saw each.
    expect(run.stderr.match(/with nobody waiting for it \(CONNECTION_CLOSED\)/g)?.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(run.status).toBe(0);
  });

  it('runs on the mended driver: the install patched postgres.js in every flavour it ships', () => {
    for (const flavour of ['src', 'cjs/src', 'cf/src']) {
      const connection = readFileSync(path.join(root, 'node_modules/postgres', flavour, 'connection.js'), 'utf8');
      expect(connection.match(/outpost: porsager\/postgres#1208/g)?.length, `${flavour}/connection.js`).toBe(4);
      const index = readFileSync(path.join(root, 'node_modules/postgres', flavour, 'index.js'), 'utf8');
      expect(index.match(/outpost: porsager\/postgres#1208/g)?.length, `${flavour}/index.js`).toBe(5);
    }
  });
});

describe('the lost-connection checks', () => {
  it('tell the driver fault apart from any other TypeError, even one with the same message', () => {
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    expect(isLostConnectionDriverFault(elsewhere)).toBe(false);
    expect(isLostConnectionDriverFault(new Error('connection lost'))).toBe(false);
    const driver = new TypeError("Cannot read properties of null (reading 'write')");
    driver.stack = `${driver.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:574:21)`;
    expect(isLostConnectionDriverFault(driver)).toBe(true);
  });

  it('know a lost connection by its code, also inside a wrapping error, and nothing else', () => {
    expect(isLostConnection(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(isLostConnection(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    expect(isLostConnection(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isLostConnection(new Error('Failed query', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) }))).toBe(true);
    expect(isLostConnection(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isLostConnection(new Error('plain'))).toBe(false);
    expect(isLostConnection(null)).toBe(false);
  });
});
