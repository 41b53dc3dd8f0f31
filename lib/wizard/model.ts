import { z } from 'zod';
import type { Condition } from '@/lib/templates/condition';
import { conditionOf, emptyConditionDraft, type ConditionDraft } from './condition-draft';

// The wizard's data model: what the form holds (strings, as inputs do), how each step is checked
// before Next, and how the values become the exact POST /preview and POST /tasks bodies.

export type JsonSchemaProp = { type?: string | string[]; enum?: unknown[]; items?: { type?: string }; default?: unknown };
export type JsonSchema = { properties?: Record<string, JsonSchemaProp>; required?: string[] };

export type IntegrationOption = {
  kind: string;
  displayName: string;
  description: string;
  authType: string;
  connection: 'required' | 'optional' | 'none';
  configSchema: JsonSchema;
  secretSchema: JsonSchema | null;
  defaultTemplate: string;
};
export type ConnectionOption = { id: string; kind: string; label: string; status: string; hint: string };
export type TemplateSourceKind = 'starter' | 'own' | 'marketplace';
export type TemplateOption = {
  id: string;
  source: TemplateSourceKind;
  kind: string;
  name: string;
  description: string;
  author: string;
  version: number;
  body: string;
  sampleInput: unknown;
  mapping: Record<string, unknown> | null;
  condition: Condition | null;
  config: Record<string, unknown>;
};
export type RecentInput = { id: string; label: string; kind: string; input: unknown };
export type TaskChoice = { id: string; label: string };

export const WHEN_MODES = ['now', 'at', 'cron', 'batch', 'after', 'draft'] as const;
export type WhenMode = (typeof WHEN_MODES)[number];

export type MappingRow = { variable: string; path: string };

export type WizardValues = {
  kind: string;
  connectionId: string;
  templateSource: TemplateSourceKind | 'write';
  templateId: string;
  template: string;
  inputText: string;
  mapping: MappingRow[];
  condition: ConditionDraft;
  config: Record<string, string>;
  when: WhenMode;
  runAt: string;
  schedule: string;
  batchKey: string;
  dependsOn: string[];
  name: string;
};

export const emptyValues: WizardValues = {
  kind: '',
  connectionId: '',
  templateSource: 'starter',
  templateId: '',
  template: '',
  inputText: '{\n  "text": "Hello from my agent"\n}',
  mapping: [],
  condition: emptyConditionDraft,
  config: {},
  when: 'now',
  runAt: '',
  schedule: '',
  batchKey: '',
  dependsOn: [],
  name: '',
};

export const STEPS = ['Integration', 'Connection', 'Template', 'Sample and fields', 'Settings', 'Preview', 'When'] as const;

export type FieldErrors = Record<string, string>;

/** Which step shows a field (server error paths included), so an error takes the user to it. */
export function stepOfPath(path: string): number {
  const head = path.split(/[.[]/)[0]!;
  if (head === 'kind') return 0;
  if (head === 'connectionId') return 1;
  if (['template', 'templateId', 'posts', 'payload', 'body'].includes(head)) return 2;
  if (head === 'input' || head === 'mapping') return 3;
  if (head === 'config' || head === 'condition') return 4;
  return 6;
}

/** Where a server path is displayed in the form (payload/posts problems sit under the template). */
export function displayPath(path: string): string {
  const head = path.split(/[.[]/)[0]!;
  if (head === 'posts' || head === 'payload' || head === 'body' || head === 'templateId') return 'template';
  if (head === 'mapping') return 'mapping';
  if (head === 'config') return path.split('.').slice(0, 2).join('.');
  // The condition builder shows each test's errors next to its row.
  if (head === 'condition') return path;
  return head;
}

const propTypes = (prop: JsonSchemaProp): string[] => (Array.isArray(prop.type) ? prop.type : prop.type ? [prop.type] : []);

export type ConfigField = { name: string; control: 'text' | 'number' | 'boolean' | 'select' | 'list' | 'json'; required: boolean; options?: string[]; defaultValue?: unknown };

/** The config form of a kind, from its JSON schema: one control per top-level property. */
export function configFields(schema: JsonSchema): ConfigField[] {
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const types = propTypes(prop);
    const required = schema.required?.includes(name) ?? false;
    const base = { name, required, defaultValue: prop.default };
    if (prop.enum) return { ...base, control: 'select' as const, options: prop.enum.map(String) };
    if (types.includes('boolean')) return { ...base, control: 'boolean' as const };
    if (types.includes('integer') || types.includes('number')) return { ...base, control: 'number' as const };
    if (types.includes('array') && prop.items?.type === 'string') return { ...base, control: 'list' as const };
    if (types.includes('string')) return { ...base, control: 'text' as const };
    return { ...base, control: 'json' as const };
  });
}

/** Config strings → the config object; '' means "leave to the default". */
export function buildConfig(schema: JsonSchema, raw: Record<string, string>): { config: Record<string, unknown>; errors: FieldErrors } {
  const config: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const field of configFields(schema)) {
    const value = (raw[field.name] ?? '').trim();
    const path = `config.${field.name}`;
    if (value === '') {
      if (field.required) errors[path] = 'is required';
      continue;
    }
    switch (field.control) {
      case 'number': {
        const n = Number(value);
        if (!Number.isFinite(n)) errors[path] = 'must be a number';
        else config[field.name] = n;
        break;
      }
      case 'boolean':
        config[field.name] = value === 'true';
        break;
      case 'list':
        config[field.name] = value.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case 'json':
        try {
          config[field.name] = JSON.parse(value);
        } catch {
          errors[path] = 'must be valid JSON, e.g. {"title": "Release"}';
        }
        break;
      default:
        config[field.name] = raw[field.name];
    }
  }
  return { config, errors };
}

/** A config object (from a template or a task) → the form's strings. */
export function configToStrings(schema: JsonSchema, config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of configFields(schema)) {
    const value = config[field.name];
    if (value === undefined || value === null) continue;
    if (field.control === 'list' && Array.isArray(value)) out[field.name] = value.join(', ');
    else if (field.control === 'json') out[field.name] = JSON.stringify(value);
    else out[field.name] = String(value);
  }
  return out;
}

export function parseInput(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: false, message: 'Paste the agent result as JSON' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `is not valid JSON: ${error instanceof Error ? error.message : 'unparseable'}` };
  }
}

const variableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only, not starting with a digit')
  .refine((v) => !['input', 'deps', 'items'].includes(v), 'input, deps and items are reserved');

export function buildMapping(rows: MappingRow[]): { mapping: Record<string, string> | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const mapping: Record<string, string> = {};
  rows.forEach((row, i) => {
    if (row.variable.trim() === '' && row.path.trim() === '') return;
    const name = variableName.safeParse(row.variable.trim());
    if (!name.success) errors[`mapping.${i}.variable`] = name.error.issues[0]!.message;
    if (row.path.trim() === '') errors[`mapping.${i}.path`] = 'name the input path, e.g. article.title';
    if (mapping[row.variable.trim()] !== undefined) errors[`mapping.${i}.variable`] = 'is mapped twice';
    mapping[row.variable.trim()] = row.path.trim();
  });
  return { mapping: Object.keys(mapping).length ? mapping : null, errors };
}

/** `{{ name` and `{% if name` references that are not input.* — the names a mapping can provide. */
export function templateVariables(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(/\{[{%]-?\s*(?:if|unless|elsif|for\s+\w+\s+in|case)?\s*([A-Za-z_][\w.]*)/g)) {
    names.add(match[1]!);
  }
  return [...names].filter((n) => !['if', 'for', 'endif', 'endfor', 'else', 'case', 'when', 'unless', 'assign', 'capture', 'raw', 'comment'].includes(n)).sort();
}

type TemplateRef = { templateId?: string; template?: string };

function templateRef(v: WizardValues): TemplateRef {
  return v.templateSource === 'write' ? { template: v.template } : { templateId: v.templateId };
}

/** The POST /preview body, or the field errors that keep it from being sent. */
export function previewRequest(v: WizardValues, integration: IntegrationOption): { body?: Record<string, unknown>; errors: FieldErrors } {
  const input = parseInput(v.inputText);
  const { config, errors: configErrors } = buildConfig(integration.configSchema, v.config);
  const { mapping, errors: mappingErrors } = buildMapping(v.mapping);
  const { condition, errors: conditionErrors } = conditionOf(v.condition);
  const errors: FieldErrors = { ...configErrors, ...mappingErrors, ...conditionErrors };
  if (!input.ok) errors.input = input.message;
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    body: {
      kind: v.kind,
      ...(v.connectionId ? { connectionId: v.connectionId } : {}),
      ...templateRef(v),
      input: (input as { value: unknown }).value,
      config,
      ...(mapping ? { mapping } : {}),
      ...(condition !== null ? { condition } : {}),
    },
  };
}

/** The POST /tasks body (the preview body plus name and timing). */
export function createRequest(v: WizardValues, integration: IntegrationOption): { body?: Record<string, unknown>; errors: FieldErrors } {
  const preview = previewRequest(v, integration);
  const errors: FieldErrors = { ...preview.errors, ...whenErrors(v) };
  if (!preview.body || Object.keys(errors).length) return { errors };
  const timing: Record<string, unknown> = {};
  if (v.when === 'at') timing.runAt = new Date(v.runAt).toISOString();
  if (v.when === 'cron') timing.schedule = v.schedule.trim();
  if (v.when === 'batch') timing.batchKey = v.batchKey.trim();
  if (v.when === 'after') timing.dependsOn = v.dependsOn;
  if (v.when === 'draft') timing.draft = true;
  return { errors, body: { ...preview.body, ...(v.name.trim() ? { name: v.name.trim() } : {}), ...timing } };
}

export function whenErrors(v: WizardValues): FieldErrors {
  const errors: FieldErrors = {};
  if (v.name.length > 200) errors.name = 'must be at most 200 characters';
  if (v.when === 'at') {
    const at = Date.parse(v.runAt);
    if (!v.runAt || Number.isNaN(at)) errors.runAt = 'Choose a date and time';
    else if (at < Date.now() - 60_000) errors.runAt = 'must be in the future';
  }
  if (v.when === 'cron' && !v.schedule.trim()) errors.schedule = 'Give a cron expression, e.g. 0 9 * * 1';
  if (v.when === 'batch' && !v.batchKey.trim()) errors.batchKey = 'Give a batch key; tasks with the same key are delivered together';
  if (v.when === 'after' && v.dependsOn.length === 0) errors.dependsOn = 'Choose at least one task to wait for';
  return errors;
}
