'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { ConditionBuilder } from '@/components/conditions/condition-builder';
import { FormError } from '@/components/ui/field';
import { FieldMessage, invalidProps } from '@/components/wizard/field-message';
import { ProviderPreview } from '@/components/wizard/provider-preview';
import { createTemplateAction, previewTemplateAction, saveTemplateAction } from '@/lib/actions/templates';
import type { TemplateContent } from '@/lib/templates/library/starters';
import { conditionOf, draftOf, samplePaths, type ConditionDraft } from '@/lib/wizard/condition-draft';

/** What the editor shows: a template's stored content, plus which template and version it is. */
export type EditorTemplate = TemplateContent & { id: string; kind: string; version: number };

type Values = { name: string; kind: string; description: string; body: string; sampleText: string; configText: string; mappingText: string; condition: ConditionDraft };

const jsonText = (label: string, objectOnly: boolean, optional: boolean) =>
  z.string().superRefine((text, ctx) => {
    if (text.trim() === '') {
      if (!optional) ctx.addIssue({ code: 'custom', message: `Give ${label} as JSON` });
      return;
    }
    try {
      const value = JSON.parse(text);
      if (objectOnly && (typeof value !== 'object' || value === null || Array.isArray(value))) ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not valid JSON: ${error instanceof Error ? error.message : 'unparseable'}` });
    }
  });

const schema = z.object({
  name: z.string().trim().min(1, 'Give the template a name').max(200, 'Use at most 200 characters'),
  kind: z.string().min(1, 'Choose a kind'),
  description: z.string().max(2000, 'Use at most 2000 characters'),
  body: z.string().min(1, 'The template body is required'),
  sampleText: jsonText('a sample input', false, true),
  configText: jsonText('the config', true, true),
  mappingText: jsonText('the mapping', true, true),
  // Checked by conditionOf on save; its errors sit next to the builder's rows.
  condition: z.custom<ConditionDraft>(),
});

const parseOr = (text: string, fallback: unknown) => (text.trim() === '' ? fallback : JSON.parse(text));

/** Server paths → the editor's fields. */
function fieldOf(raw: string): keyof Values {
  const path = raw.replace(/^patch\./, '');
  if (path.startsWith('sampleInput')) return 'sampleText';
  if (path.startsWith('config')) return 'configText';
  if (path.startsWith('mapping')) return 'mappingText';
  if (['name', 'kind', 'description'].includes(path)) return path as keyof Values;
  return 'body';
}

const lineOf = (message: string | undefined) => Number(/line (\d+)/i.exec(message ?? '')?.[1] ?? 0);

const input = 'mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-600 disabled:bg-slate-50';
const label = 'text-sm font-medium text-slate-800';

/**
 * Create or edit a template: every save is validated by the server like a preview of the sample
 * (errors come back at their line), and the preview beside it is the server's rendered payload.
 */
export function TemplateEditor({
  template,
  kinds,
  defaults,
  readOnly = false,
  savedVersion,
}: {
  template: EditorTemplate | null;
  kinds: { kind: string; displayName: string }[];
  defaults: Record<string, string>;
  readOnly?: boolean;
  /** The version the last save made, carried in the URL: the page remounts the editor per version, so local state would not survive. */
  savedVersion?: number;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [conditionErrors, setConditionErrors] = useState<Record<string, string>>({});
  const advanced = useRef<HTMLDetailsElement>(null);
  // A condition error must be seen next to its row, even when the section was left closed.
  useEffect(() => {
    if (Object.keys(conditionErrors).length && advanced.current) advanced.current.open = true;
  }, [conditionErrors]);
  const [preview, setPreview] = useState<{ payload: unknown; ok: boolean; errors: { path: string; message: string }[] } | { failed: string } | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      name: template?.name ?? '',
      kind: template?.kind ?? kinds[0]?.kind ?? '',
      description: template?.description ?? '',
      body: template?.body ?? defaults[kinds[0]?.kind ?? ''] ?? '',
      sampleText: template?.sampleInput != null ? JSON.stringify(template.sampleInput, null, 2) : '{\n  "text": "Hello"\n}',
      configText: template && Object.keys(template.config).length ? JSON.stringify(template.config, null, 2) : '',
      mappingText: template?.mapping ? JSON.stringify(template.mapping, null, 2) : '',
      condition: draftOf(template?.condition),
    },
  });
  const errors = Object.fromEntries(Object.entries(form.formState.errors).map(([k, v]) => [k, v?.message ?? ''])) as Record<string, string>;
  const [kind, body, sampleText, configText, condition] = useWatch({ control: form.control, name: ['kind', 'body', 'sampleText', 'configText', 'condition'] });

  // Live preview, debounced: the server renders the sample exactly as a task would send it.
  useEffect(() => {
    const timer = setTimeout(async () => {
      let sample: unknown;
      let config: Record<string, unknown>;
      try {
        sample = parseOr(sampleText, null);
        config = parseOr(configText, {}) as Record<string, unknown>;
      } catch {
        return setPreview({ failed: 'Fix the JSON fields to see the preview.' });
      }
      if (!body.trim()) return setPreview(null);
      const result = await previewTemplateAction({ kind, template: body, input: sample, config, condition: conditionOf(condition).condition }).catch(() => null);
      if (!result) return setPreview({ failed: 'The preview could not be reached.' });
      if (result.status === 'error') return setPreview({ failed: Object.entries(result.fieldErrors ?? {}).map(([p, m]) => `${p}: ${m}`).join('; ') || result.message });
      setPreview({ payload: result.data.payload, ok: result.data.validation.ok, errors: result.data.validation.errors });
    }, 600);
    return () => clearTimeout(timer);
  }, [kind, body, sampleText, configText, condition]);

  async function save(values: Values) {
    setMessage(null);
    const built = conditionOf(values.condition);
    setConditionErrors(built.errors);
    if (Object.keys(built.errors).length) return setMessage('Fix the condition first.');
    const content = {
      name: values.name,
      description: values.description,
      body: values.body,
      sampleInput: parseOr(values.sampleText, null),
      config: parseOr(values.configText, {}) as Record<string, unknown>,
      mapping: parseOr(values.mappingText, null) as Record<string, string> | null,
      condition: built.condition,
    };
    const result = template ? await saveTemplateAction({ id: template.id, patch: content }) : await createTemplateAction({ ...content, kind: values.kind });
    if (result.status === 'error') {
      setMessage(result.message);
      const fromServer: Record<string, string> = {};
      for (const [raw, text] of Object.entries(result.fieldErrors ?? {})) {
        const path = raw.replace(/^patch\./, '');
        if (path === 'condition' || path.startsWith('condition.')) {
          fromServer[path] = text;
          continue;
        }
        const field = fieldOf(path);
        form.setError(field, { message: field === path ? text : `${path}: ${text}` });
      }
      setConditionErrors(fromServer);
      return;
    }
    if (!template) return router.push(`/templates/${result.data.id}`);
    // To the new version's page even when an old one (?version=N) was open.
    router.replace(`/templates/${template.id}?saved=${(result.data as unknown as { version: number }).version}`, { scroll: false });
  }

  const bodyLine = lineOf(errors.body);
  const conditionPaths = (() => {
    try {
      return samplePaths(parseOr(sampleText, null));
    } catch {
      return [];
    }
  })();
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form onSubmit={form.handleSubmit(save)} noValidate className="min-w-0 space-y-4" aria-label={template ? 'Edit template' : 'New template'}>
        <FormError message={message} />
        {template && savedVersion === template.version ? (
          <p role="status" className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="template-saved">
            Saved as version {savedVersion}.
          </p>
        ) : null}
        <label className="block">
          <span className={label}>Name</span>
          <input className={input} disabled={readOnly} {...form.register('name')} {...invalidProps('name', errors)} />
          <FieldMessage name="name" errors={errors} />
        </label>
        {!template ? (
          <label className="block">
            <span className={label}>Kind</span>
            <select
              className={input}
              {...form.register('kind', {
                onChange: (e) => {
                  const next = defaults[e.target.value];
                  if (next !== undefined && !form.formState.dirtyFields.body) form.setValue('body', next);
                },
              })}
            >
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.displayName}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="block">
          <span className={label}>Description</span>
          <input className={input} disabled={readOnly} {...form.register('description')} {...invalidProps('description', errors)} />
          <FieldMessage name="description" errors={errors} />
        </label>
        <label className="block">
          <span className={label}>Template body (Liquid)</span>
          <textarea rows={12} spellCheck={false} className={`${input} font-mono`} disabled={readOnly} {...form.register('body')} {...invalidProps('body', errors)} />
          <FieldMessage name="body" errors={errors} />
        </label>
        {bodyLine > 0 ? (
          <ol tabIndex={0} className="max-h-64 overflow-auto rounded border border-slate-200 bg-slate-50 py-1 font-mono text-xs" aria-label="Template body with the error at its line" data-testid="body-lines">
            {body.split('\n').map((text, i) => (
              <li key={i} className={i + 1 === bodyLine ? 'bg-red-100' : ''}>
                <span className="inline-block w-10 select-none pr-2 text-right text-slate-600">{i + 1}</span>
                <span className="whitespace-pre-wrap break-all">{text}</span>
                {i + 1 === bodyLine ? (
                  <span className="block pl-10 font-sans text-red-800" data-testid="body-line-error">
                    {errors.body}
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        ) : null}
        <label className="block">
          <span className={label}>Sample input (JSON: what the agent sends)</span>
          <textarea rows={8} spellCheck={false} className={`${input} font-mono`} disabled={readOnly} {...form.register('sampleText')} {...invalidProps('sampleText', errors)} />
          <FieldMessage name="sampleText" errors={errors} />
        </label>
        <details ref={advanced}>
          <summary className="cursor-pointer text-sm">Config defaults, mapping and condition</summary>
          <div className="mt-2 space-y-3">
            <label className="block">
              <span className={label}>Config defaults (JSON object)</span>
              <textarea rows={4} spellCheck={false} className={`${input} font-mono`} disabled={readOnly} {...form.register('configText')} {...invalidProps('configText', errors)} />
              <FieldMessage name="configText" errors={errors} />
            </label>
            <label className="block">
              <span className={label}>Mapping (JSON object: variable → input path)</span>
              <textarea rows={3} spellCheck={false} className={`${input} font-mono`} disabled={readOnly} {...form.register('mappingText')} {...invalidProps('mappingText', errors)} />
              <FieldMessage name="mappingText" errors={errors} />
            </label>
            <ConditionBuilder
              value={condition}
              onChange={(next) => form.setValue('condition', next, { shouldDirty: true })}
              errors={conditionErrors}
              suggestions={conditionPaths}
              disabled={readOnly}
            />
          </div>
        </details>
        {!readOnly ? (
          <button type="submit" disabled={form.formState.isSubmitting} className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 disabled:opacity-50">
            {form.formState.isSubmitting ? 'Saving…' : template ? 'Save new version' : 'Create template'}
          </button>
        ) : null}
      </form>
      <section aria-labelledby="template-preview-heading" className="min-w-0 space-y-2">
        <h2 id="template-preview-heading" className="text-lg font-medium">
          Preview of the sample
        </h2>
        {preview === null ? (
          <p className="text-sm text-slate-700">Write a body to see what it sends.</p>
        ) : 'failed' in preview ? (
          <p role="status" className="text-sm text-red-800" data-testid="template-preview-failed">
            {preview.failed}
          </p>
        ) : (
          <div className="space-y-2" data-testid="template-preview">
            <p role="status" className={`text-sm font-medium ${preview.ok ? 'text-emerald-800' : 'text-red-800'}`}>
              {preview.ok ? 'The provider would accept this.' : 'The provider would refuse this:'}
            </p>
            {preview.errors.length ? (
              <ul className="text-sm text-red-800">
                {preview.errors.map((e, i) => (
                  <li key={i}>
                    {e.path}: {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <ProviderPreview kind={kind} payload={preview.payload} />
          </div>
        )}
      </section>
    </div>
  );
}
