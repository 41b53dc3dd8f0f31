import { describe, expect, it } from 'vitest';
import { evaluateConditionIsolated, parseIsolated, RenderBudget, RenderBudgetExceeded, renderIsolated, renderPool } from './isolated';
import { TemplateError } from './template-error';

// These run the real render threads (esbuild bundle + piscina) inside the test process.

// One node whose filters sort millions of numbers over and over: liquidjs' renderLimit is checked
// between nodes, so only the hard deadline ends it, however fast the machine (an empty 20M-step loop
// was stopped by renderLimit itself on an idle core, leaving the deadline untested).
const RUNAWAY = `{% assign a = (1..4000000)${' | reverse | sort'.repeat(4)} %}`;
const budget = (ms = 3_000, owner = 'test') => new RenderBudget(owner, ms);

async function timed<T>(work: Promise<T>): Promise<{ ms: number; result: T | undefined; error: unknown }> {
  const started = performance.now();
  try {
    const result = await work;
    return { ms: performance.now() - started, result, error: undefined };
  } catch (error) {
    return { ms: performance.now() - started, result: undefined, error };
  }
}

describe('renderIsolated', () => {
  it('renders with the Outpost filters in a thread', async () => {
    const out = await renderIsolated('{{ t | markdown_to_slack }} {{ n | json }}', { t: '**hi**', n: [1] }, { budget: budget() });
    expect(out).toBe('*hi* [1]');
  });

  it('reports template errors with their position', async () => {
    const error = await renderIsolated('line one\n{{ input.missing }}', { input: {} }, { budget: budget() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({ kind: 'render', line: 2, column: 4 });
  });

  it('ends a runaway render at the hard deadline, replaces the thread, and renders on', async () => {
    await renderIsolated('warm {{ x }}', { x: 1 }, { budget: budget() });
    const before = renderPool().stats.terminated;
    const run = await timed(renderIsolated(RUNAWAY, {}, { budget: budget(), timeoutMs: 300 }));
    expect(run.error).toBeInstanceOf(TemplateError);
    expect((run.error as TemplateError).message).toMatch(/render time limit exceeded/u);
    expect(run.ms).toBeLessThan(30_000);
    expect(renderPool().stats.terminated).toBe(before + 1);
    // The replacement thread lost the parse cache; the same template renders the same.
    expect(await renderIsolated('warm {{ x }}', { x: 2 }, { budget: budget() })).toBe('warm 2');
  });

  it('spends one budget across renders: once it is gone, renders fail at once without a thread', async () => {
    const shared = budget(600);
    const first = await timed(renderIsolated(RUNAWAY, {}, { budget: shared }));
    expect(first.error).toBeInstanceOf(RenderBudgetExceeded);
    expect(shared.exhausted).toBe(true);
    const second = await timed(renderIsolated('{{ 1 }}', {}, { budget: shared }));
    expect(second.error).toBeInstanceOf(RenderBudgetExceeded);
    expect(second.ms).toBeLessThan(50);
  });

  it('serves waiting renders round-robin by owner', async () => {
    const slow = Array.from({ length: 6 }, () => renderIsolated(RUNAWAY, {}, { budget: budget(3_000, 'hog'), timeoutMs: 1_000 }).catch(() => 'failed'));
    const finished: string[] = [];
    slow.forEach((p) => void p.then(() => finished.push('hog')));
    await renderIsolated('{{ 1 }}', {}, { budget: budget(3_000, 'other') }).then(() => finished.push('other'));
    await Promise.all(slow);
    // First come first served would put it last (after six); round-robin hands it the next free
    // thread, which may still be booting after a termination while one more of the hog's finishes.
    expect(finished.indexOf('other')).toBeLessThanOrEqual(renderPool().threads + 1);
  });
});

describe('parseIsolated and evaluateConditionIsolated', () => {
  it('reports a syntax error with line and column, and null for a good template', async () => {
    expect(await parseIsolated('{{ ok }}', budget())).toBeNull();
    expect(await parseIsolated('ok\n{% if %}', budget())).toMatchObject({ kind: 'parse', line: 2 });
  });

  // Parsing has no cooperative limit at all: 256 KiB of `{{a}}` takes ~1.3 s on an idle core, so a
  // 400 ms budget (deadline 700 ms with the grace) must end it by terminating the thread.
  it('ends a hostile parse at its deadline', async () => {
    const before = renderPool().stats.terminated;
    const run = await timed(parseIsolated('{{a}}'.repeat(52_000), budget(400)));
    expect(run.error).toBeInstanceOf(RenderBudgetExceeded);
    expect(renderPool().stats.terminated).toBe(before + 1);
  });

  it('evaluates conditions in a thread and ends a runaway one', async () => {
    expect(await evaluateConditionIsolated('input.n > 1', { input: { n: 2 } }, budget())).toBe(true);
    const run = await timed(evaluateConditionIsolated('(1..19999999) contains 0', {}, budget(1_000)));
    expect(run.error).toBeInstanceOf(TemplateError);
    expect(run.ms).toBeLessThan(30_000);
  });
});
