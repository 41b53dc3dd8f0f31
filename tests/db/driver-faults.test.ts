import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLostConnectionDriverFault } from '@/lib/db/driver-faults';

const root = path.resolve(import.meta.dirname, '../..');

describe('the driver fault after a lost connection (postgres.js#1208)', () => {
  it('is survived: a backend killed mid-transaction rejects that transaction, and the process queries on', () => {
    const probe = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'tests/db/fixtures/lost-connection-probe.ts')], {
      cwd: root,
      env: process.env,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(probe.stderr).not.toMatch(/fatal:/);
    expect(probe.stdout).toContain('transaction CONNECTION_CLOSED; next query 1');
    // The fault really happened (else this test would prove nothing): the handler logged it.
    expect(probe.stderr).toContain('postgres.js#1208 survived');
    expect(probe.status).toBe(0);
  });

  it('is told apart from any other TypeError, even one with the same message', () => {
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    expect(isLostConnectionDriverFault(elsewhere)).toBe(false);
    expect(isLostConnectionDriverFault(new Error('connection lost'))).toBe(false);
    const driver = new TypeError("Cannot read properties of null (reading 'write')");
    driver.stack = `${driver.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:574:21)`;
    expect(isLostConnectionDriverFault(driver)).toBe(true);
  });
});
