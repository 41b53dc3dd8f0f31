import { z } from 'zod';
import { markdownToHtml } from '@/lib/text/markdown-to-html';
import { markdownToSlack } from '@/lib/text/markdown-to-slack';
import { getPath, parsePath } from './object-path';
import { TemplateError } from './template-error';

export { evaluateCondition, parseCondition } from './condition';

export const MAPPING_TRANSFORMS = [
  'trim',
  'lower',
  'upper',
  'markdown_to_html',
  'markdown_to_slack',
  'json',
  'string',
  'number',
] as const;
export type MappingTransform = (typeof MAPPING_TRANSFORMS)[number];

export interface MappingField {
  path: string;
  transform?: MappingTransform;
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
    transform: z.enum(MAPPING_TRANSFORMS).optional(),
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

function transformValue(value: unknown, transform: MappingTransform | undefined): unknown {
  switch (transform) {
    case undefined:
      return value;
    case 'json':
      return JSON.stringify(value) ?? 'null';
    case 'string':
      return asText(value) ?? JSON.stringify(value);
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) throw new Error(`cannot convert ${JSON.stringify(value)} to a number`);
      return n;
    }
    default: {
      const text = asText(value);
      if (text === undefined) {
        const got = Array.isArray(value) ? 'an array' : typeof value;
        throw new Error(`transform "${transform}" expects text, got ${got}`);
      }
      if (transform === 'trim') return text.trim();
      if (transform === 'lower') return text.toLowerCase();
      if (transform === 'upper') return text.toUpperCase();
      if (transform === 'markdown_to_html') return markdownToHtml(text);
      return markdownToSlack(text);
    }
  }
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
      out[key] = transformValue(value, field.transform);
    } catch (err) {
      throw new MappingError(key, field.path, `${(err as Error).message} (path "${field.path}")`);
    }
  }
  return out;
}
