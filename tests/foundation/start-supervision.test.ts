import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxProviderBases } from '@/lib/sandbox/urls';
import { freePort, startProcess, waitFor, type ManagedProcess } from '../support/processes';

// `npm start` (scripts/start.mjs) against the test database, on its own ports: the worker and the
// sandbox come back after a SIGKILL while the web app keeps answering; the web app dying stops all.

let orchestrator: ManagedProcess | undefined;
afterEach(async () => {
  await orchestrator?.stop(60_000);
  orchestrator = undefined;
});

async function startOrchestrator() {
  const port = await freePort();
  const sandboxPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), OUTPOST_SANDBOX_PORT: String(sandboxPort) };
  // The test harness points everything at its own sandbox; this one must use the one it starts.
  for (const key of [...Object.keys(sandboxProviderBases('http://127.0.0.1:1')), 'OUTPOST_SANDBOX_URL', 'AUTH_URL']) delete env[key];
  const name = `start-${port}`;
  orchestrator = startProcess(name, process.execPath, ['scripts/start.mjs'], env, process.env.OUTPOST_TEST_LOG_DIR!);
  const log = () => readFileSync(orchestrator!.logFile, 'utf8');
  const pids = (service: string) => [...log().matchAll(new RegExp(`\\[outpost\\] ${service} started \\(pid (\\d+)\\)`, 'g'))].map((m) => Number(m[1]));
  const web = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${web}/api/health`)).status === 200, { timeoutMs: 120_000, what: `npm start to be healthy (log ${orchestrator.logFile})` });
  return { web, sandbox: `http://127.0.0.1:${sandboxPort}`, log, pids, process: orchestrator };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls the web app until stopped; counts the requests that got no HTTP answer at all. */
function watchWeb(url: string) {
  let stop = false;
  const result = { answered: 0, refused: 0 };
  const done = (async () => {
    while (!stop) {
      try {
        await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10_000) });
        result.answered++;
      } catch {
        result.refused++;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return result;
    },
  };
}

describe('npm start supervision', () => {
  it('restarts a SIGKILLed worker and sandbox with a log line saying why, while the web app keeps answering', async () => {
    const app = await startOrchestrator();
    const [worker] = app.pids('worker');
    const [sandbox] = app.pids('sandbox');
    const [web] = app.pids('web');
    const consuming = (pid: number) => new RegExp(`\\[worker\\] \\S*:${pid}:\\S* consuming \\d+ queues`).test(app.log());
    await waitFor(async () => consuming(worker!), { timeoutMs: 120_000, what: 'the worker to consume' });
    const watcher = watchWeb(app.web);

    process.kill(worker!, 'SIGKILL');
    const newWorker = await waitFor(async () => app.pids('worker')[1], { timeoutMs: 30_000, what: 'a new worker pid' });
    expect(newWorker).not.toBe(worker);
    expect(app.log()).toMatch(/\[outpost\] worker killed by SIGKILL after [\d.]+ s; restarting in 1 s \(restart 1\)/);
    // The new worker connected to the queues (its own start line), not only spawned.
    await waitFor(async () => consuming(newWorker), { timeoutMs: 120_000, what: 'the new worker to consume' });

    process.kill(sandbox!, 'SIGKILL');
    await waitFor(async () => app.pids('sandbox')[1], { timeoutMs: 30_000, what: 'a new sandbox pid' });
    await waitFor(async () => (await fetch(`${app.sandbox}/`)).status === 200, { timeoutMs: 30_000, what: 'the sandbox to answer again' });
    await waitFor(async () => (await fetch(`${app.web}/api/health`)).status === 200, { timeoutMs: 60_000, what: 'health to be back' });

    const seen = await watcher.stop();
    expect(seen.answered).toBeGreaterThan(0);
    expect(seen.refused).toBe(0);
    expect(app.pids('web')).toEqual([web]);
    expect(alive(web!)).toBe(true);

    // Ctrl-C stops everything, and nothing is restarted on the way down.
    app.process.kill('SIGINT');
    expect(await app.process.exited).toBe(0);
    expect([web, newWorker, app.pids('sandbox')[1]].map((pid) => alive(pid!))).toEqual([false, false, false]);
    expect(app.pids('worker')).toHaveLength(2);
  }, 300_000);

  it('stops everything when the web app dies', async () => {
    const app = await startOrchestrator();
    const [web] = app.pids('web');
    const [worker] = app.pids('worker');
    const [sandbox] = app.pids('sandbox');
    process.kill(web!, 'SIGKILL');
    expect(await app.process.exited).toBe(1);
    expect(app.log()).toContain('[outpost] web killed by SIGKILL; stopping everything');
    expect([worker, sandbox].map((pid) => alive(pid!))).toEqual([false, false]);
  }, 180_000);
});
