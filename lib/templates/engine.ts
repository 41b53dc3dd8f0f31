import { Context, Liquid, toValue, toValueSync, type Emitter, type Template } from 'liquidjs';
import { registerOutpostFilters } from './filters';
import { LruCache } from './lru-cache';
import { OutputLimitError, TemplateError, toTemplateError } from './template-error';

export { TemplateError } from './template-error';
export type { TemplateErrorKind } from './template-error';

export const MAX_OUTPUT_BYTES = 256 * 1024;
export const MAX_TEMPLATE_LENGTH = 256 * 1024;
export const DEFAULT_RENDER_TIMEOUT_MS = 1_000;
const MAX_RENDER_TIMEOUT_MS = 10_000;
// liquidjs counts allocations (ranges, joins, string building) in units of elements/characters.
const MEMORY_LIMIT = 20_000_000;
const CACHE_ENTRIES = 500;
// Huge sources are rare and would make the cache itself a memory problem.
const MAX_CACHED_SOURCE_LENGTH = 32 * 1024;

function createLiquid(): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    // `{% if input.subtitle %}` on a missing field is false rather than an error; outputs stay strict.
    lenientIf: true,
    // An in-memory, empty template map: nothing is ever read from disk.
    templates: {},
    cache: false,
    parseLimit: MAX_TEMPLATE_LENGTH,
    memoryLimit: MEMORY_LIMIT,
    renderLimit: DEFAULT_RENDER_TIMEOUT_MS,
    // Preview and delivery must render dates identically wherever they run.
    timezoneOffset: 0,
  });
  // Partials and layouts would reach for files (and nest renders); templates are self-contained.
  for (const tag of ['include', 'render', 'layout']) delete liquid.tags[tag];
  registerOutpostFilters(liquid);
  return liquid;
}

export const liquid = createLiquid();

const parsed = new LruCache<string, Template[]>(CACHE_ENTRIES);

function stringify(value: unknown): string {
  const v: unknown = toValue(value);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(stringify).join('');
  return String(v);
}

// Checks the size while rendering, so a runaway loop stops at the cap instead of building megabytes.
class CappedEmitter implements Emitter {
  buffer = '';
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  write(html: unknown): void {
    const text = stringify(html);
    this.bytes += Buffer.byteLength(text);
    if (this.bytes > this.maxBytes) throw new OutputLimitError(this.maxBytes);
    this.buffer += text;
  }
}

/** Parses (or fetches from the cache) a template; throws TemplateError. */
export function compileTemplate(source: string): Template[] {
  const cached = parsed.get(source);
  if (cached) return cached;
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new TemplateError(`template too long (at most ${MAX_TEMPLATE_LENGTH} characters)`, 'limit');
  }
  let templates: Template[];
  try {
    templates = liquid.parse(source);
  } catch (err) {
    throw toTemplateError(err, 'parse');
  }
  if (source.length <= MAX_CACHED_SOURCE_LENGTH) parsed.set(source, templates);
  return templates;
}

/** Validates a template at create time without rendering it. */
export function parseTemplate(source: string): { ok: true } | { ok: false; error: TemplateError } {
  try {
    compileTemplate(source);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: toTemplateError(err, 'parse') };
  }
}

export interface RenderTemplateOptions {
  /** Wall-clock budget for the render (default 1000 ms, at most 10 s). */
  timeoutMs?: number;
}

function clampTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return DEFAULT_RENDER_TIMEOUT_MS;
  return Math.min(Math.max(Math.floor(timeoutMs), 1), MAX_RENDER_TIMEOUT_MS);
}

/** Renders a template in strict mode with time, memory and output limits; throws TemplateError. */
export async function renderTemplate(
  source: string,
  context: Record<string, unknown>,
  opts: RenderTemplateOptions = {},
): Promise<string> {
  const templates = compileTemplate(source);
  const ctx = new Context(
    context,
    liquid.options,
    { sync: true, renderLimit: clampTimeout(opts.timeoutMs), memoryLimit: MEMORY_LIMIT },
    { liquid },
  );
  const emitter = new CappedEmitter(MAX_OUTPUT_BYTES);
  try {
    // All our filters are synchronous, and a sync render skips a promise per node on the hot path.
    toValueSync(liquid.renderer.renderTemplates(templates, ctx, emitter));
  } catch (err) {
    throw toTemplateError(err, 'render');
  }
  return emitter.buffer;
}
