import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

export { freePort } from '../../scripts/lib/ports.mjs';

export type ManagedProcess = {
  child: ChildProcess;
  logFile: string;
  /** SIGTERM, then wait for exit (SIGKILL after the timeout). */
  stop(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number | null>;
};

/** Spawns a long-running child whose output goes to a log file (kept for debugging failures). */
export function startProcess(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logDir: string): ManagedProcess {
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    logFile,
    exited,
    kill: (signal) => child.kill(signal),
    async stop(timeoutMs = 40_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, opts: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 200));
  }
  throw new Error(`Timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${lastError ? `: ${String(lastError)}` : ''}`);
}

/** The command line that runs a TypeScript entry with tsx (same as npm run worker). */
export function tsxArgs(entry: string): string[] {
  return ['--import', 'tsx', path.join(projectRoot, entry)];
}
