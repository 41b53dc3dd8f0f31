import { describe, expect, it } from 'vitest';
import { createSupervisor, describeExit, nextDelay, spawnPrefixed } from '../../scripts/lib/supervisor.mjs';
import { projectRoot, waitFor } from '../support/processes';

// The supervisor behind `npm start`, with real `node` children.

const backoff = { initialMs: 200, maxMs: 800, stableMs: 3000 };
const node = (name: string, script: string) => () => spawnPrefixed(name, ['-e', script], { cwd: projectRoot, env: process.env, out: sink(), err: sink() });
const sink = () => ({ write: () => true });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('supervisor backoff', () => {
  it('doubles the delay per quick death up to the cap, and starts over after a stable run', () => {
    expect(nextDelay(0, 10, backoff)).toBe(200);
    expect(nextDelay(200, 10, backoff)).toBe(400);
    expect(nextDelay(400, 10, backoff)).toBe(800);
    expect(nextDelay(800, 10, backoff)).toBe(800);
    expect(nextDelay(800, 3000, backoff)).toBe(200);
  });

  it('says how a child ended', () => {
    expect(describeExit(null, 'SIGKILL')).toBe('killed by SIGKILL');
    expect(describeExit(3, null)).toBe('exited with code 3');
  });
});

describe('supervisor with real processes', () => {
  it('restarts a child that is SIGKILLed, with a new pid and a log line naming the signal', async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ log: (line: string) => lines.push(line), backoff });
    const service = supervisor.add('worker', node('worker', 'setInterval(() => {}, 1000)'), { restart: true });
    const first = service.child!.pid!;
    process.kill(first, 'SIGKILL');
    const second = await waitFor(async () => (service.child!.pid !== first && alive(service.child!.pid!) ? service.child!.pid! : null), { timeoutMs: 20_000, what: 'a new worker' });
    expect(second).not.toBe(first);
    expect(lines).toContainEqual(expect.stringMatching(/^\[outpost\] worker killed by SIGKILL after [\d.]+ s; restarting in 0.2 s \(restart 1\)$/));
    await supervisor.stop(5000);
    expect(alive(second)).toBe(false);
  });

  it('backs off between the restarts of a child that keeps crashing', async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ log: (line: string) => lines.push(line), backoff });
    const starts: number[] = [];
    const crashing = node('crasher', 'process.exit(3)');
    supervisor.add('crasher', () => (starts.push(Date.now()), crashing()), { restart: true });
    await waitFor(async () => starts.length >= 4, { timeoutMs: 30_000, what: 'four starts' });
    await supervisor.stop(5000);
    const gaps = starts.slice(1).map((at, i) => at - starts[i]!);
    // Lower bounds only: a loaded machine makes gaps longer, never shorter.
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(400);
    expect(gaps[2]).toBeGreaterThanOrEqual(800);
    expect(lines.filter((l) => l.includes('crasher exited with code 3')).length).toBeGreaterThanOrEqual(3);
  });

  it('reports the death of an essential child (the web app) instead of restarting it', async () => {
    const fatal: string[] = [];
    const supervisor = createSupervisor({ log: () => {}, onFatal: (name: string, why: string) => fatal.push(`${name}: ${why}`), backoff });
    const web = supervisor.add('web', node('web', 'setTimeout(() => process.exit(1), 100)'));
    const first = web.child!.pid;
    await waitFor(async () => fatal.length > 0, { timeoutMs: 20_000, what: 'the fatal report' });
    expect(fatal).toEqual(['web: exited with code 1']);
    expect(web.child!.pid).toBe(first);
    await supervisor.stop(5000);
  });

  it('stops every child on stop() and restarts none of them', async () => {
    const lines: string[] = [];
    const supervisor = createSupervisor({ log: (line: string) => lines.push(line), backoff });
    const a = supervisor.add('a', node('a', 'setInterval(() => {}, 1000)'), { restart: true });
    const b = supervisor.add('b', node('b', 'setInterval(() => {}, 1000)'));
    await supervisor.stop(5000);
    expect([alive(a.child!.pid!), alive(b.child!.pid!)]).toEqual([false, false]);
    await new Promise((r) => setTimeout(r, 500));
    expect(lines.filter((l) => l.includes('restarting'))).toEqual([]);
  });
});
