import { env } from '@/lib/env';
import { evaluateCondition } from './condition';
import { DEFAULT_RENDER_TIMEOUT_MS } from './engine';
import { HARD_DEADLINE_GRACE_MS, renderPool } from './render-pool';
import type { ThreadError } from './render-thread';
import { TemplateError } from './template-error';

// The one way the web and worker processes parse, render and evaluate Liquid (DESIGN §6):
//
//   const budget = new RenderBudget(userId);          // one per request (or per delivery)
//   await parseIsolated(body, budget);                // syntax check at save/create (null when fine)
//   await renderIsolated(body, context, { budget });  // preview, trial render, delivery
//   await evaluateConditionIsolated(condition, context, budget);
//
// Everything runs in the render threads (render-pool.ts). The budget caps the render time of all
// the templates one request causes: once spent, every further render of that request fails at
// once with RenderBudgetExceeded (a TemplateError), so a batch of 500 hostile templates fails as
// a whole in a few seconds. lib/templates/engine.ts's renderTemplate is what runs inside a
// thread; outside one it would block the event loop, so only the thread and unit tests call it.

/** How much render time one request may spend across all its templates. */
export class RenderBudget {
  private spentMs = 0;

  constructor(
    /** Whose renders these are: waiting renders are served round-robin by owner. */
    readonly owner: string,
    readonly totalMs: number = env().OUTPOST_RENDER_BUDGET_MS,
  ) {}

  get remainingMs(): number {
    return Math.max(this.totalMs - this.spentMs, 0);
  }

  get exhausted(): boolean {
    return this.spentMs >= this.totalMs;
  }

  charge(ms: number): void {
    this.spentMs += ms;
  }
}

/** The request's render budget ran out; the template being rendered (or the next one) gets this. */
export class RenderBudgetExceeded extends TemplateError {
  constructor(totalMs: number) {
    super(`render time limit exceeded: this request's templates used up their ${totalMs} ms together`, 'limit');
    this.name = 'RenderBudgetExceeded';
  }
}

function fromThread(error: ThreadError): TemplateError {
  const position = error.line !== undefined && error.column !== undefined ? { line: error.line, column: error.column } : undefined;
  return new TemplateError(error.detail, error.kind, position, error.variable);
}

/**
 * What a finished task costs its request: the CPU time it used (on a busy machine its wall time
 * is mostly waiting for a core, which an ordinary batch must not be charged for), but the whole
 * wall time when it ran into a time limit (a hostile template pays for the time it held a thread).
 */
function cost(reply: { elapsedMs: number; cpuMs: number }, hitLimit: boolean): number {
  return hitLimit ? reply.elapsedMs : reply.cpuMs;
}

function budgetCheck(budget: RenderBudget): void {
  if (budget.exhausted) throw new RenderBudgetExceeded(budget.totalMs);
}

export type IsolatedRenderOptions = {
  budget: RenderBudget;
  /** This render's own limit (default 1 s); the budget's remainder caps it further. */
  timeoutMs?: number;
};

/** Renders a template in a render thread; throws TemplateError (RenderBudgetExceeded when the budget is spent). */
export async function renderIsolated(source: string, context: Record<string, unknown>, opts: IsolatedRenderOptions): Promise<string> {
  const { budget } = opts;
  budgetCheck(budget);
  const ownLimit = opts.timeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
  const timeoutMs = Math.max(Math.min(ownLimit, Math.ceil(budget.remainingMs)), 1);
  const byBudget = timeoutMs < ownLimit;
  const outcome = await renderPool().run({ op: 'render', source, context, timeoutMs }, budget.owner, timeoutMs + HARD_DEADLINE_GRACE_MS);
  if (outcome.kind !== 'reply') {
    budget.charge(outcome.elapsedMs);
    if (outcome.kind === 'out_of_memory') throw new TemplateError('render memory limit exceeded', 'limit');
    if (byBudget) throw new RenderBudgetExceeded(budget.totalMs);
    throw new TemplateError(`render time limit exceeded (stopped after ${timeoutMs} ms)`, 'limit');
  }
  const reply = outcome.reply;
  if (reply.op !== 'render') throw new Error('render thread answered a different task');
  budget.charge(cost(reply, !reply.ok && reply.error.kind === 'limit'));
  if (reply.ok) return reply.output;
  if (byBudget && reply.error.kind === 'limit' && budget.exhausted) throw new RenderBudgetExceeded(budget.totalMs);
  throw fromThread(reply.error);
}

const PARSE_LIMIT_MS = 1_000;

/** Parses a template in a render thread: its TemplateError, or null when it parses. */
export async function parseIsolated(source: string, budget: RenderBudget): Promise<TemplateError | null> {
  budgetCheck(budget);
  const limit = Math.max(Math.min(PARSE_LIMIT_MS, Math.ceil(budget.remainingMs)), 1);
  const outcome = await renderPool().run({ op: 'parse', source }, budget.owner, limit + HARD_DEADLINE_GRACE_MS);
  if (outcome.kind !== 'reply') {
    budget.charge(outcome.elapsedMs);
    if (limit < PARSE_LIMIT_MS) throw new RenderBudgetExceeded(budget.totalMs);
    return new TemplateError(outcome.kind === 'out_of_memory' ? 'parse memory limit exceeded' : `parse time limit exceeded (stopped after ${limit} ms)`, 'limit');
  }
  const reply = outcome.reply;
  if (reply.op !== 'parse') throw new Error('render thread answered a different task');
  budget.charge(cost(reply, reply.error?.kind === 'limit'));
  return reply.error ? fromThread(reply.error) : null;
}

/** The variables a template reads (liquidjs' static analysis), worked out in a render thread; [] when it does not parse. */
export async function variablesIsolated(source: string, budget: RenderBudget): Promise<string[]> {
  budgetCheck(budget);
  const limit = Math.max(Math.min(PARSE_LIMIT_MS, Math.ceil(budget.remainingMs)), 1);
  const outcome = await renderPool().run({ op: 'variables', source }, budget.owner, limit + HARD_DEADLINE_GRACE_MS);
  if (outcome.kind !== 'reply') {
    budget.charge(outcome.elapsedMs);
    return [];
  }
  const reply = outcome.reply;
  if (reply.op !== 'variables') throw new Error('render thread answered a different task');
  budget.charge(reply.cpuMs);
  return reply.variables ?? [];
}

/** `{ ok }` like engine.parseTemplate, but parsed in a render thread. */
export async function checkTemplateIsolated(source: string, budget: RenderBudget): Promise<{ ok: true } | { ok: false; error: TemplateError }> {
  const error = await parseIsolated(source, budget);
  return error ? { ok: false, error } : { ok: true };
}

/** evaluateCondition with the render done in a render thread. */
export function evaluateConditionIsolated(condition: string, context: Record<string, unknown>, budget: RenderBudget): Promise<boolean> {
  return evaluateCondition(condition, context, (source, ctx) => renderIsolated(source, ctx, { budget }));
}

export { renderPool } from './render-pool';
