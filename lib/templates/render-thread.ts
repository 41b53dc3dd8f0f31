// The entry of a render thread (see render-pool.ts). It runs in a worker_threads worker, never on
// an event loop that serves anyone: bundled on first use by thread-bundle.ts, so it may import
// lib/templates (engine, filters) freely but nothing that touches the database or the network.
import { compileTemplate, liquid, renderTemplate } from './engine';
import { toTemplateError, type TemplateErrorKind } from './template-error';

export type ThreadTask = (
  | { op: 'parse'; source: string }
  | { op: 'variables'; source: string }
  | { op: 'render'; source: string; context: Record<string, unknown>; timeoutMs: number }
) & {
  /** Shared with the pool: the thread writes the epoch ms it started at, so the deadline counts from there. */
  startedAt: Float64Array;
};

/** A TemplateError as plain data: class instances do not survive the trip between threads. */
export type ThreadError = { detail: string; kind: TemplateErrorKind; line?: number; column?: number; variable?: string };

/** Wall-clock time of the task in the thread, and the CPU time this thread spent on it. */
type Timing = { elapsedMs: number; cpuMs: number };

export type ThreadReply =
  | ({ op: 'parse'; error: ThreadError | null } & Timing)
  | ({ op: 'variables'; variables: string[] | null } & Timing)
  | ({ op: 'render'; ok: true; output: string } & Timing)
  | ({ op: 'render'; ok: false; error: ThreadError } & Timing);

function toThreadError(err: unknown, kind: 'parse' | 'render'): ThreadError {
  const error = toTemplateError(err, kind);
  return { detail: error.detail, kind: error.kind, line: error.line, column: error.column, variable: error.variable };
}

// Node ≥ 23.9 measures this thread's own CPU time; older ones fall back to wall-clock time.
function threadCpuMs(): number | undefined {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return usage ? (usage.user + usage.system) / 1000 : undefined;
}

function parseOne(source: string): ThreadError | null {
  try {
    compileTemplate(source);
    return null;
  } catch (err) {
    return toThreadError(err, 'parse');
  }
}

/** liquidjs' static analysis: the variables a template reads from outside itself; null when it does not parse. */
function variablesOf(source: string): string[] | null {
  try {
    return liquid.globalFullVariablesSync(compileTemplate(source));
  } catch {
    return null;
  }
}

export default async function runThreadTask(task: ThreadTask): Promise<ThreadReply> {
  task.startedAt[0] = performance.timeOrigin + performance.now();
  const started = performance.now();
  const cpuStart = threadCpuMs();
  const timing = (): Timing => {
    const elapsedMs = performance.now() - started;
    const cpu = threadCpuMs();
    return { elapsedMs, cpuMs: cpu === undefined || cpuStart === undefined ? elapsedMs : cpu - cpuStart };
  };
  if (task.op === 'parse') {
    const error = parseOne(task.source);
    return { op: 'parse', error, ...timing() };
  }
  if (task.op === 'variables') {
    const variables = variablesOf(task.source);
    return { op: 'variables', variables, ...timing() };
  }
  try {
    const output = await renderTemplate(task.source, task.context, { timeoutMs: task.timeoutMs });
    return { op: 'render', ok: true, output, ...timing() };
  } catch (err) {
    return { op: 'render', ok: false, error: toThreadError(err, 'render'), ...timing() };
  }
}
