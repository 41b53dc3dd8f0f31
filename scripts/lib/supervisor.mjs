// Keeps `npm start`'s child processes running. A child marked `restart` (the worker, the sandbox)
// that dies is started again after a backoff (1 s doubling to 30 s; back to 1 s once a run lasted a
// stable minute), with a log line saying how it died. A child not marked `restart` (the web app) is
// essential: its death is reported to `onFatal`, and the caller stops everything.
import { spawn } from 'node:child_process';

export const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** "exit code 1", "signal SIGKILL": how a child ended, for the log line. */
export function describeExit(code, signal) {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

/** The delay before the next start: doubling per quick death, back to the first after a stable run. */
export function nextDelay(previousMs, ranMs, backoff = DEFAULT_BACKOFF) {
  if (previousMs === 0 || ranMs >= backoff.stableMs) return backoff.initialMs;
  return Math.min(previousMs * 2, backoff.maxMs);
}

/**
 * Spawns `node args…` with its output prefixed `[name]`, line by line.
 * @param {string} name
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, out?: { write(line: string): unknown }, err?: { write(line: string): unknown } }} options
 */
export function spawnPrefixed(name, args, { cwd, env, out = process.stdout, err = process.stderr }) {
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, target) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) target.write(`[${name}] ${line}\n`);
    });
    stream.on('end', () => rest.trim() && target.write(`[${name}] ${rest}\n`));
  };
  prefix(child.stdout, out);
  prefix(child.stderr, err);
  return child;
}

/**
 * @typedef {{ name: string, start: () => import('node:child_process').ChildProcess, restart: boolean, delayMs: number,
 *   restarts: number, child: import('node:child_process').ChildProcess | undefined, startedAt: number,
 *   timer: NodeJS.Timeout | undefined }} Service
 */

/**
 * @param {{ log?: (line: string) => void, onFatal?: (name: string, why: string) => void, backoff?: typeof DEFAULT_BACKOFF }} options
 */
export function createSupervisor({ log = (line) => console.error(line), onFatal = () => {}, backoff = DEFAULT_BACKOFF } = {}) {
  /** @type {Service[]} */
  const services = [];
  let stopping = false;

  /** @param {Service} service */
  function launch(service) {
    const child = service.start();
    service.child = child;
    service.startedAt = Date.now();
    log(`[outpost] ${service.name} started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const why = describeExit(code, signal);
      if (!service.restart) {
        onFatal(service.name, why);
        return;
      }
      const ranMs = Date.now() - service.startedAt;
      service.delayMs = nextDelay(service.delayMs, ranMs, backoff);
      service.restarts++;
      log(`[outpost] ${service.name} ${why} after ${(ranMs / 1000).toFixed(1)} s; restarting in ${service.delayMs / 1000} s (restart ${service.restarts})`);
      service.timer = setTimeout(() => {
        service.timer = undefined;
        if (!stopping) launch(service);
      }, service.delayMs);
    });
  }

  return {
    /** Starts a child now; `start` spawns it (again after each death when `restart`). */
    /**
     * @param {string} name
     * @param {() => import('node:child_process').ChildProcess} start
     * @param {{ restart?: boolean }} [options]
     * @returns {Service}
     */
    add(name, start, { restart = false } = {}) {
      /** @type {Service} */
      const service = { name, start, restart, delayMs: 0, restarts: 0, child: undefined, startedAt: 0, timer: undefined };
      services.push(service);
      launch(service);
      return service;
    },

    /** SIGTERM to every live child (SIGKILL after `graceMs`); waits until all have exited. */
    async stop(graceMs = 40_000) {
      stopping = true;
      await Promise.all(
        services.map(
          (service) =>
            new Promise((resolve) => {
              clearTimeout(service.timer);
              const { child } = service;
              if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
              const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
              child.once('exit', () => (clearTimeout(timer), resolve()));
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
