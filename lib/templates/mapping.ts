import { Liquid } from 'liquidjs';
import { z } from 'zod';
import { markdownToHtml } from '@/lib/text/markdown-to-html';
import { markdownToDiscord } from '@/lib/text/markdown-to-discord';
import { markdownToSlack } from '@/lib/text/markdown-to-slack';
import { markdownToText } from '@/lib/text/markdown-to-text';
import { getPath, parsePath } from './object-path';
import { TemplateError } from './template-error';

export { evaluateCondition, parseCondition } from './condition';

/** Transforms named without arguments (`"transform": "trim"`). */
export const MAPPING_TRANSFORMS = [
  'trim',
  'lower',
  'upper',
  'markdown_to_html',
  'markdown_to_slack',
  'markdown_to_discord',
  'markdown_to_text',
  'json',
  'string',
  'number',
] as const;
export type MappingTransformName = (typeof MAPPING_TRANSFORMS)[number];

export const DEFAULT_DATE_FORMAT = '%Y-%m-%dT%H:%M:%SZ';

const timeZone = z
  .string()
  .min(1)
  .max(100)
  .refine((zone) => isTimeZone(zone), { message: 'must be an IANA time zone such as Europe/Berlin or UTC' });

// Transforms with arguments are objects named by `name`, so a mapping stays plain JSON data.
const transformSpecSchema = z.union([
  z.enum(MAPPING_TRANSFORMS),
  z.strictObject({ name: z.enum(MAPPING_TRANSFORMS) }),
  z.strictObject({
    name: z.literal('truncate'),
    length: z.number().int().min(1).max(100_000).describe('At most this many characters, the ellipsis included'),
    ellipsis: z.string().max(10).default('…'),
  }),
  z.strictObject({ name: z.literal('default'), value: z.unknown().describe('Used when the value is null, empty text or an empty list') }),
  z.strictObject({ name: z.literal('join'), separator: z.string().max(100).default(', ') }),
  z.strictObject({
    name: z.literal('date'),
    format: z.string().min(1).max(200).default(DEFAULT_DATE_FORMAT).describe('strftime format, as the Liquid date filter'),
    zone: timeZone.default('UTC'),
  }),
]);
export type MappingTransform = z.output<typeof transformSpecSchema>;
type TransformInput = z.input<typeof transformSpecSchema>;

export interface MappingField {
  path: string;
  /** One transform or a pipeline applied in order. */
  transform?: TransformInput | TransformInput[];
  /** Used when the path is missing (or null); without it a missing path is an error. */
  default?: unknown;
}
export type Mapping = Record<string, string | MappingField>;

// Mapped fields become top-level template variables, next to the names the task itself provides.
export const RESERVED_MAPPING_KEYS = ['input', 'deps', 'items'] as const;
const MAX_MAPPING_KEYS = 100;

const pathSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine((path, ctx) => {
    try {
      parsePath(path);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

const keySchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/u, 'mapping keys must be identifiers (letters, digits, _)')
  .max(100)
  .refine((key) => !(RESERVED_MAPPING_KEYS as readonly string[]).includes(key), {
    message: `mapping keys cannot be ${RESERVED_MAPPING_KEYS.join(', ')}`,
  });

const fieldSchema = z.union([
  pathSchema,
  z.strictObject({
    path: pathSchema,
    transform: z.union([transformSpecSchema, z.array(transformSpecSchema).min(1).max(10)]).optional(),
    default: z.unknown().optional(),
  }),
]);

export const mappingSchema = z
  .record(keySchema, fieldSchema)
  .refine((m) => Object.keys(m).length <= MAX_MAPPING_KEYS, { message: `at most ${MAX_MAPPING_KEYS} mapped fields` });

/** A mapping could not be applied; names the mapping key and the path. */
export class MappingError extends TemplateError {
  readonly key: string;
  readonly path: string;

  constructor(key: string, path: string, problem: string) {
    super(`mapping "${key}": ${problem}`, 'render');
    this.name = 'MappingError';
    this.key = key;
    this.path = path;
  }
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return '';
  return undefined;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function textOf(value: unknown, transform: string): string {
  const text = asText(value);
  if (text === undefined) {
    const got = Array.isArray(value) ? 'an array' : typeof value;
    throw new Error(`transform "${transform}" expects text, got ${got}`);
  }
  return text;
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

// One tiny template, parsed once: the same strftime and IANA zones as the `date` filter, and the
// same date parsing. Its cost is bounded (no loops, a format of at most 200 characters).
const dateLiquid = new Liquid({ timezoneOffset: 0, strictVariables: true });
const dateTemplate = dateLiquid.parse('{{ value | date: format, zone }}');

function formatDate(value: unknown, format: string, zone: string): string {
  if (typeof value !== 'string' && typeof value !== 'number') throw new Error('transform "date" expects an ISO date-time or epoch seconds');
  if (typeof value === 'string' && Number.isNaN(Date.parse(value))) throw new Error(`transform "date" cannot read ${JSON.stringify(value)} as a date`);
  return dateLiquid.renderSync(dateTemplate, { value, format, zone }) as string;
}

function truncate(text: string, length: number, ellipsis: string): string {
  const chars = [...text];
  if (chars.length <= length) return text;
  const keep = Math.max(length - [...ellipsis].length, 0);
  return chars.slice(0, keep).join('') + ellipsis;
}

function applyNamed(value: unknown, name: MappingTransformName): unknown {
  switch (name) {
    case 'json':
      return JSON.stringify(value) ?? 'null';
    case 'string':
      return asText(value) ?? JSON.stringify(value);
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw new Error(`cannot convert ${JSON.stringify(value)} to a number`);
      return n;
    }
    case 'trim':
      return textOf(value, name).trim();
    case 'lower':
      return textOf(value, name).toLowerCase();
    case 'upper':
      return textOf(value, name).toUpperCase();
    case 'markdown_to_html':
      return markdownToHtml(textOf(value, name));
    case 'markdown_to_slack':
      return markdownToSlack(textOf(value, name));
    case 'markdown_to_discord':
      return markdownToDiscord(textOf(value, name));
    case 'markdown_to_text':
      return markdownToText(textOf(value, name));
  }
}

function applyTransform(value: unknown, transform: MappingTransform): unknown {
  if (typeof transform === 'string') return applyNamed(value, transform);
  switch (transform.name) {
    case 'truncate':
      return truncate(textOf(value, 'truncate'), transform.length, transform.ellipsis);
    case 'default':
      return isEmpty(value) ? transform.value : value;
    case 'join':
      if (!Array.isArray(value)) throw new Error(`transform "join" expects a list, got ${value === null ? 'null' : typeof value}`);
      return value.map((item) => asText(item) ?? JSON.stringify(item)).join(transform.separator);
    case 'date':
      return formatDate(value, transform.format, transform.zone);
    default:
      return applyNamed(value, transform.name);
  }
}

// Mappings are stored as given; defaults of transform arguments are filled in here.
function transformsOf(field: MappingField): MappingTransform[] {
  if (field.transform === undefined) return [];
  const list = Array.isArray(field.transform) ? field.transform : [field.transform];
  return list.map((t) => transformSpecSchema.parse(t));
}

function transformValue(value: unknown, field: MappingField): unknown {
  return transformsOf(field).reduce<unknown>((v, t) => applyTransform(v, t), value);
}

/** Maps paths of the agent's result to template variables, applying transforms and defaults. */
export function applyMapping(input: unknown, mapping: Mapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(mapping)) {
    const field: MappingField = typeof spec === 'string' ? { path: spec } : spec;
    let segments;
    try {
      segments = parsePath(field.path);
    } catch (err) {
      throw new MappingError(key, field.path, (err as Error).message);
    }
    const lookup = getPath(input, segments);
    const hasDefault = Object.hasOwn(field, 'default') && field.default !== undefined;
    let value: unknown;
    if (lookup.found && (lookup.value !== null || !hasDefault)) {
      value = lookup.value;
    } else if (hasDefault) {
      value = field.default;
    } else {
      throw new MappingError(key, field.path, `path "${field.path}" not found in input`);
    }
    try {
      out[key] = transformValue(value, field);
    } catch (err) {
      throw new MappingError(key, field.path, `${(err as Error).message} (path "${field.path}")`);
    }
  }
  return out;
}
