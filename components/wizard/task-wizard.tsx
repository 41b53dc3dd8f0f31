'use client';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useFieldArray, useForm, useWatch } from 'react-hook-form';
import { createTaskAction, previewTaskAction } from '@/lib/actions/tasks';
import { ConditionBuilder } from '@/components/conditions/condition-builder';
import { draftOf, samplePaths } from '@/lib/wizard/condition-draft';
import { clearDraft, loadDraft, saveDraft } from './draft-storage';
import { FieldMessage, invalidProps } from './field-message';
import { InlineConnect } from './inline-connect';
import {
  buildMapping,
  configFields,
  configToStrings,
  createRequest,
  displayPath,
  emptyValues,
  parseInput,
  previewRequest,
  STEPS,
  stepOfPath,
  templateVariables,
  whenErrors,
  type ConnectionOption,
  type FieldErrors,
  type IntegrationOption,
  type RecentInput,
  type TaskChoice,
  type TemplateOption,
  type WizardValues,
} from '@/lib/wizard/model';
import { ProviderPreview } from './provider-preview';

export type WizardProps = {
  userId: string;
  integrations: IntegrationOption[];
  connections: ConnectionOption[];
  templates: TemplateOption[];
  recentInputs: RecentInput[];
  taskChoices: TaskChoice[];
  /** Values of a task being duplicated (replaces any saved draft). */
  prefill: Partial<WizardValues> | null;
};

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'done'; payload: unknown; ok: boolean; errors: { path: string; message: string }[]; wouldRun: boolean; config: Record<string, unknown> }
  | { status: 'failed'; message: string };

const input = 'mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-600';
const label = 'text-sm font-medium text-slate-800';
const sourceLabels = { starter: 'Starter', own: 'My templates', marketplace: 'Marketplace', write: 'Write my own' } as const;

export function TaskWizard({ userId, integrations, connections, templates, recentInputs, taskChoices, prefill }: WizardProps) {
  const router = useRouter();
  const form = useForm<WizardValues>({ defaultValues: emptyValues });
  const mappingRows = useFieldArray({ control: form.control, name: 'mapping' });
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formMessage, setFormMessage] = useState<string | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  const [creating, setCreating] = useState(false);
  const [restored, setRestored] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  const values = useWatch({ control: form.control }) as WizardValues;
  const integration = integrations.find((i) => i.kind === values.kind) ?? null;

  // Restore the saved draft (or the duplicated task) once, after hydration.
  useEffect(() => {
    if (restored) return;
    const draft = prefill ? null : loadDraft(userId);
    if (prefill) form.reset({ ...emptyValues, ...prefill });
    else if (draft) {
      // Drafts saved before the condition builder hold the condition as text.
      form.reset({ ...emptyValues, ...draft.values, condition: draftOf(draft.values.condition) });
      // Browser storage can only be read after hydration, so this state is set from an effect.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setStep(Math.min(Math.max(draft.step, 0), STEPS.length - 1));
    }
    setRestored(true);
  }, [form, prefill, userId, restored]);

  useEffect(() => {
    if (restored) saveDraft(userId, { step, values });
  }, [restored, step, values, userId]);

  // Focus follows the step, so a keyboard or screen-reader user lands on its heading.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const kindTemplates = templates.filter((t) => t.kind === values.kind);
  const chosenTemplate = templates.find((t) => t.id === values.templateId) ?? null;
  const templateBody = values.templateSource === 'write' ? values.template : (chosenTemplate?.body ?? '');
  const variables = templateVariables(templateBody);
  const sample = parseInput(values.inputText ?? '');
  const conditionPaths = [...(sample.ok ? samplePaths(sample.value) : []), ...values.mapping.map((m) => m.variable.trim()).filter(Boolean)];

  const runPreview = useCallback(async () => {
    const current = form.getValues();
    const target = integrations.find((i) => i.kind === current.kind);
    if (!target) return;
    const request = previewRequest(current, target);
    if (!request.body) {
      setErrors((e) => ({ ...e, ...request.errors }));
      setPreview({ status: 'failed', message: 'Fix the fields marked in red first.' });
      return;
    }
    setPreview({ status: 'loading' });
    const result = await previewTaskAction(request.body as Parameters<typeof previewTaskAction>[0]).catch(() => null);
    if (!result) return setPreview({ status: 'failed', message: 'The preview could not be reached; try again.' });
    if (result.status === 'error') {
      const mapped = mapServerErrors(result.fieldErrors ?? {});
      setErrors((e) => ({ ...e, ...mapped }));
      return setPreview({ status: 'failed', message: result.message });
    }
    const { payload, validation, wouldRun } = result.data;
    const mapped = mapServerErrors(Object.fromEntries(validation.errors.map((e) => [e.path, e.message])));
    setErrors((e) => ({ ...withoutPreviewErrors(e), ...mapped }));
    setPreview({ status: 'done', payload, ok: validation.ok, errors: validation.errors, wouldRun, config: (request.body.config ?? {}) as Record<string, unknown> });
  }, [form, integrations]);

  // Live preview: re-rendered by the server shortly after the template, sample or settings change.
  const previewKey = JSON.stringify([values.kind, values.connectionId, values.templateSource, values.templateId, values.template, values.inputText, values.mapping, values.condition, values.config]);
  useEffect(() => {
    if (!restored || step < 2 || step > 5 || !values.kind) return;
    const timer = setTimeout(() => void runPreview(), step === 5 ? 0 : 700);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewKey, step, restored]);

  function validateStep(index: number): FieldErrors {
    const v = form.getValues();
    const e: FieldErrors = {};
    if (index === 0 && !integrations.some((i) => i.kind === v.kind)) e.kind = 'Choose where the result goes';
    if (index === 1 && integration?.connection === 'required' && !connections.some((c) => c.id === v.connectionId && c.kind === v.kind)) {
      e.connectionId = 'Choose a connection, or connect one below';
    }
    if (index === 2) {
      if (v.templateSource === 'write' && v.template.trim() === '') e.template = 'Write the template, or pick one';
      if (v.templateSource !== 'write' && !templates.some((t) => t.id === v.templateId && t.kind === v.kind)) e.templateId = 'Pick a template';
    }
    if (index === 3) {
      const parsed = parseInput(v.inputText);
      if (!parsed.ok) e.input = parsed.message;
      Object.assign(e, buildMapping(v.mapping).errors);
    }
    if (index === 4 && integration) Object.assign(e, previewRequest(v, integration).errors);
    if (index === 5) {
      if (preview.status !== 'done') e.preview = 'Wait for the preview, or fix what it reports';
      else if (!preview.ok) e.preview = 'The provider would refuse this payload: fix the problems listed';
    }
    if (index === 6) Object.assign(e, whenErrors(v));
    return e;
  }

  function goTo(index: number) {
    setFormMessage(null);
    setStep(index);
  }

  function next() {
    const e = validateStep(step);
    setErrors((old) => ({ ...stripStep(old, step), ...e }));
    if (Object.keys(e).length) {
      setFormMessage('Please fix the highlighted fields.');
      return;
    }
    goTo(Math.min(step + 1, STEPS.length - 1));
  }

  async function create() {
    const v = form.getValues();
    if (!integration) return goTo(0);
    const request = createRequest(v, integration);
    if (!request.body) {
      setErrors(request.errors);
      const first = Object.keys(request.errors)[0];
      setFormMessage('Please fix the highlighted fields.');
      if (first) setStep(stepOfPath(first));
      return;
    }
    setCreating(true);
    setFormMessage(null);
    const result = await createTaskAction(request.body as Parameters<typeof createTaskAction>[0]).catch(() => null);
    setCreating(false);
    if (!result) return setFormMessage('The server could not be reached; your draft is kept. Try again.');
    if (result.status === 'error') {
      const mapped = mapServerErrors(result.fieldErrors ?? {});
      setErrors(mapped);
      setFormMessage(result.message);
      const first = Object.keys(result.fieldErrors ?? {})[0];
      if (first) setStep(stepOfPath(first));
      return;
    }
    clearDraft(userId);
    router.push(`/tasks/${result.data.id}`);
  }

  function startOver() {
    clearDraft(userId);
    form.reset(emptyValues);
    setErrors({});
    setPreview({ status: 'idle' });
    goTo(0);
  }

  function chooseKind(kind: string) {
    const target = integrations.find((i) => i.kind === kind);
    form.setValue('kind', kind);
    form.setValue('connectionId', '');
    form.setValue('templateId', '');
    form.setValue('template', target?.defaultTemplate ?? '');
    form.setValue('config', {});
    setPreview({ status: 'idle' });
  }

  function chooseTemplate(t: TemplateOption) {
    form.setValue('templateId', t.id);
    form.setValue('template', t.body);
    if (integration) form.setValue('config', configToStrings(integration.configSchema, t.config));
    if (t.sampleInput !== undefined && t.sampleInput !== null) form.setValue('inputText', JSON.stringify(t.sampleInput, null, 2));
    form.setValue('mapping', Object.entries(t.mapping ?? {}).map(([variable, path]) => ({ variable, path: typeof path === 'string' ? path : String((path as { path?: unknown }).path ?? '') })));
    form.setValue('condition', draftOf(t.condition));
  }

  const kindConnections = connections.filter((c) => c.kind === values.kind);

  return (
    <div className="space-y-6">
      <ol aria-label="Steps" className="flex flex-wrap gap-2 text-xs">
        {STEPS.map((name, i) => (
          <li key={name}>
            <span
              aria-current={i === step ? 'step' : undefined}
              className={`inline-block rounded-full border px-3 py-1 ${i === step ? 'border-slate-900 bg-slate-900 text-white' : i < step ? 'border-slate-400 bg-white text-slate-800' : 'border-slate-200 bg-white text-slate-600'}`}
            >
              {i + 1}. {name}
            </span>
          </li>
        ))}
      </ol>

      <section aria-labelledby="step-heading" className="space-y-4 rounded border border-slate-200 bg-white p-4 sm:p-6">
        <h2 id="step-heading" ref={heading} tabIndex={-1} className="text-lg font-semibold outline-none">
          Step {step + 1} of {STEPS.length}: {STEPS[step]}
        </h2>
        {formMessage ? (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="wizard-message">
            {formMessage}
          </p>
        ) : null}

        {step === 0 ? (
          <fieldset {...invalidProps('kind', errors)}>
            <legend className={label}>Where should the agent result go?</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-2">
              {integrations.map((i) => (
                <label key={i.kind} className="flex cursor-pointer gap-3 rounded border border-slate-200 p-3 has-[:checked]:border-slate-900 has-[:checked]:ring-1 has-[:checked]:ring-slate-900">
                  <input type="radio" name="kind" value={i.kind} checked={values.kind === i.kind} onChange={() => chooseKind(i.kind)} className="mt-1" />
                  <span>
                    <span className="block font-medium">{i.displayName}</span>
                    <span className="block text-sm text-slate-700">{i.description}</span>
                  </span>
                </label>
              ))}
            </div>
            <FieldMessage name="kind" errors={errors} />
          </fieldset>
        ) : null}

        {step === 1 && integration ? (
          <div className="space-y-4">
            <fieldset {...invalidProps('connectionId', errors)}>
              <legend className={label}>Deliver with which {integration.displayName} connection?</legend>
              <div className="mt-2 space-y-2">
                {integration.connection !== 'required' ? (
                  <label className="flex items-center gap-2 text-sm">
                    <input type="radio" name="connectionId" value="" checked={values.connectionId === ''} onChange={() => form.setValue('connectionId', '')} />
                    No connection{integration.kind === 'http-post' ? ' (no secret headers, no signing)' : ''}
                  </label>
                ) : null}
                {kindConnections.map((c) => (
                  <label key={c.id} className="flex flex-wrap items-center gap-2 text-sm">
                    <input type="radio" name="connectionId" value={c.id} checked={values.connectionId === c.id} onChange={() => form.setValue('connectionId', c.id)} />
                    <span className="font-medium">{c.label}</span>
                    <span className="break-all font-mono text-xs text-slate-700">{c.hint}</span>
                    {c.status !== 'active' ? <span className="rounded bg-amber-100 px-1 text-xs text-amber-900">{c.status}</span> : null}
                  </label>
                ))}
                {kindConnections.length === 0 ? <p className="text-sm text-slate-700">You have no {integration.displayName} connection yet.</p> : null}
              </div>
              <FieldMessage name="connectionId" errors={errors} />
            </fieldset>
            {integration.connection !== 'none' ? (
              <InlineConnect
                integration={integration}
                onConnected={(id) => {
                  form.setValue('connectionId', id);
                  setErrors((e) => ({ ...e, connectionId: '' }));
                  router.refresh();
                }}
              />
            ) : null}
          </div>
        ) : null}

        {step === 2 && integration ? (
          <div className="space-y-4">
            <fieldset>
              <legend className={label}>Start from</legend>
              <div className="mt-2 flex flex-wrap gap-3">
                {(['starter', 'own', 'marketplace', 'write'] as const).map((source) => (
                  <label key={source} className="flex items-center gap-2 text-sm">
                    <input
                      type="radio"
                      name="templateSource"
                      value={source}
                      checked={values.templateSource === source}
                      onChange={() => {
                        form.setValue('templateSource', source);
                        if (source !== 'write') form.setValue('templateId', '');
                        else if (!values.template.trim()) form.setValue('template', chosenTemplate?.body ?? integration.defaultTemplate);
                      }}
                    />
                    {sourceLabels[source]}
                  </label>
                ))}
              </div>
            </fieldset>
            {values.templateSource !== 'write' ? (
              <fieldset {...invalidProps('templateId', errors)}>
                <legend className={label}>{sourceLabels[values.templateSource]} templates for {integration.displayName}</legend>
                <div className="mt-2 space-y-2">
                  {kindTemplates.filter((t) => t.source === values.templateSource).length === 0 ? (
                    <p className="text-sm text-slate-700">
                      None here yet.{' '}
                      <button type="button" className="text-sky-800 underline" onClick={() => form.setValue('templateSource', 'write')}>
                        Write one
                      </button>
                    </p>
                  ) : null}
                  {kindTemplates
                    .filter((t) => t.source === values.templateSource)
                    .map((t) => (
                      <label key={t.id} className="flex cursor-pointer gap-3 rounded border border-slate-200 p-3 has-[:checked]:border-slate-900">
                        <input type="radio" name="templateId" value={t.id} checked={values.templateId === t.id} onChange={() => chooseTemplate(t)} className="mt-1" />
                        <span className="min-w-0">
                          <span className="block font-medium">{t.name}</span>
                          <span className="block text-sm text-slate-700">{t.description}</span>
                          <span className="block text-xs text-slate-600">
                            by {t.author} · version {t.version}
                          </span>
                        </span>
                      </label>
                    ))}
                </div>
                <FieldMessage name="templateId" errors={errors} />
              </fieldset>
            ) : null}
            {values.templateSource !== 'write' && chosenTemplate ? (
              <div>
                <p className={label}>Template body (version {chosenTemplate.version}, pinned on the task)</p>
                <pre tabIndex={0} className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 text-xs">{chosenTemplate.body}</pre>
                <button
                  type="button"
                  className="mt-2 text-sm text-sky-800 underline"
                  onClick={() => {
                    form.setValue('template', chosenTemplate.body);
                    form.setValue('templateSource', 'write');
                  }}
                >
                  Edit a copy for this task
                </button>
                <FieldMessage name="template" errors={errors} />
              </div>
            ) : null}
            {values.templateSource === 'write' ? (
              <label className="block">
                <span className={label}>Template (Liquid)</span>
                <textarea rows={8} spellCheck={false} className={`${input} font-mono`} {...form.register('template')} {...invalidProps('template', errors)} />
                <FieldMessage name="template" errors={errors} />
              </label>
            ) : null}
          </div>
        ) : null}

        {step === 3 ? (
          <div className="space-y-4">
            {recentInputs.length ? (
              <label className="block">
                <span className={label}>Use the input of a recent task</span>
                <select
                  className={input}
                  value=""
                  onChange={(e) => {
                    const recent = recentInputs.find((r) => r.id === e.target.value);
                    if (recent) form.setValue('inputText', JSON.stringify(recent.input, null, 2));
                  }}
                >
                  <option value="">Choose a task…</option>
                  {recentInputs.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.label}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
            <label className="block">
              <span className={label}>Sample agent result (JSON)</span>
              <textarea rows={10} spellCheck={false} className={`${input} font-mono`} {...form.register('inputText')} {...invalidProps('input', errors)} />
              <FieldMessage name="input" errors={errors} />
            </label>
            <div>
              <p className={label}>Variables the template reads</p>
              {variables.length ? (
                <ul className="mt-1 flex flex-wrap gap-2" data-testid="template-variables">
                  {variables.map((name) => (
                    <li key={name}>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">{name}</code>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-700">The template reads no variable.</p>
              )}
              <p className="mt-1 text-sm text-slate-700">
                <code>input.…</code> reads the agent result directly; map other names to a path in it below.
              </p>
            </div>
            <fieldset>
              <legend className={label}>Field mapping</legend>
              <div className="mt-2 space-y-2">
                {mappingRows.fields.map((row, i) => (
                  <div key={row.id} className="grid gap-2 sm:grid-cols-[1fr_1fr_auto]">
                    <label className="block">
                      <span className="text-xs text-slate-700">Variable {i + 1}</span>
                      <input className={input} {...form.register(`mapping.${i}.variable`)} {...invalidProps(`mapping.${i}.variable`, errors)} />
                      <FieldMessage name={`mapping.${i}.variable`} errors={errors} />
                    </label>
                    <label className="block">
                      <span className="text-xs text-slate-700">Input path {i + 1}</span>
                      <input className={input} placeholder="e.g. article.title" {...form.register(`mapping.${i}.path`)} {...invalidProps(`mapping.${i}.path`, errors)} />
                      <FieldMessage name={`mapping.${i}.path`} errors={errors} />
                    </label>
                    <button type="button" className="self-end rounded border border-slate-300 px-3 py-2 text-sm" onClick={() => mappingRows.remove(i)}>
                      Remove
                    </button>
                  </div>
                ))}
                <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => mappingRows.append({ variable: '', path: '' })}>
                  Add a mapping
                </button>
                <FieldMessage name="mapping" errors={errors} />
              </div>
            </fieldset>
          </div>
        ) : null}

        {step === 4 && integration ? (
          <div className="space-y-4">
            <p className="text-sm text-slate-700">Settings for {integration.displayName}. Empty fields keep their default.</p>
            <div className="grid gap-3 sm:grid-cols-2">
              {configFields(integration.configSchema).map((field) => {
                const name = `config.${field.name}` as const;
                const hint = field.defaultValue !== undefined ? ` (default ${JSON.stringify(field.defaultValue)})` : field.required ? '' : ' (optional)';
                return (
                  <label key={field.name} className="block min-w-0">
                    <span className={label}>
                      {field.name}
                      {hint}
                    </span>
                    {field.control === 'select' || field.control === 'boolean' ? (
                      <select className={input} {...form.register(name)} {...invalidProps(name, errors)}>
                        <option value="">Default</option>
                        {(field.control === 'boolean' ? ['true', 'false'] : field.options!).map((o) => (
                          <option key={o} value={o}>
                            {o}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        className={input}
                        inputMode={field.control === 'number' ? 'numeric' : undefined}
                        placeholder={field.control === 'list' ? 'comma, separated' : field.control === 'json' ? '{"title": "…"}' : undefined}
                        {...form.register(name)}
                        {...invalidProps(name, errors)}
                      />
                    )}
                    <FieldMessage name={name} errors={errors} />
                  </label>
                );
              })}
            </div>
            <ConditionBuilder
              value={values.condition}
              onChange={(next) => form.setValue('condition', next)}
              errors={errors}
              suggestions={conditionPaths}
            />
          </div>
        ) : null}

        {step === 5 && integration ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-700">Exactly what {integration.displayName} will receive for the sample, rendered by the server.</p>
            <PreviewPanel preview={preview} kind={integration.kind} onJump={(path) => goTo(stepOfPath(path))} />
            <FieldMessage name="preview" errors={errors} />
            <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => void runPreview()}>
              Refresh preview
            </button>
          </div>
        ) : null}

        {step === 6 ? (
          <div className="space-y-4">
            <label className="block">
              <span className={label}>Task name (optional)</span>
              <input className={input} {...form.register('name')} {...invalidProps('name', errors)} />
              <FieldMessage name="name" errors={errors} />
            </label>
            <fieldset>
              <legend className={label}>When</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-3">
                {(
                  [
                    ['now', 'Now'],
                    ['at', 'At a time'],
                    ['cron', 'On a schedule (cron)'],
                    ['batch', 'Batched with others'],
                    ['after', 'After other tasks'],
                    ['draft', 'Save as draft'],
                  ] as const
                ).map(([mode, text]) => (
                  <label key={mode} className="flex items-center gap-2 text-sm">
                    <input type="radio" value={mode} {...form.register('when')} />
                    {text}
                  </label>
                ))}
              </div>
            </fieldset>
            {values.when === 'at' ? (
              <label className="block">
                <span className={label}>Deliver at (your local time)</span>
                <input type="datetime-local" step={1} className={input} {...form.register('runAt')} {...invalidProps('runAt', errors)} />
                <FieldMessage name="runAt" errors={errors} />
              </label>
            ) : null}
            {values.when === 'cron' ? (
              <label className="block">
                <span className={label}>Cron expression (UTC)</span>
                <input className={`${input} font-mono`} placeholder="0 9 * * 1" {...form.register('schedule')} {...invalidProps('schedule', errors)} />
                <FieldMessage name="schedule" errors={errors} />
              </label>
            ) : null}
            {values.when === 'batch' ? (
              <label className="block">
                <span className={label}>Batch key</span>
                <input className={input} placeholder="e.g. daily-digest" {...form.register('batchKey')} {...invalidProps('batchKey', errors)} />
                <FieldMessage name="batchKey" errors={errors} />
              </label>
            ) : null}
            {values.when === 'after' ? (
              <fieldset {...invalidProps('dependsOn', errors)}>
                <legend className={label}>Wait for these tasks to succeed</legend>
                {taskChoices.length === 0 ? <p className="text-sm text-slate-700">You have no other task yet.</p> : null}
                <div className="mt-1 space-y-1">
                  {taskChoices.map((t) => (
                    <label key={t.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" value={t.id} {...form.register('dependsOn')} />
                      {t.label}
                    </label>
                  ))}
                </div>
                <FieldMessage name="dependsOn" errors={errors} />
              </fieldset>
            ) : null}
          </div>
        ) : null}

        {step > 1 && step < 5 && integration ? (
          <aside aria-label="Live preview" className="space-y-2 border-t border-slate-200 pt-4">
            <h3 className="text-sm font-semibold">Live preview</h3>
            <PreviewPanel preview={preview} kind={integration.kind} onJump={(path) => goTo(stepOfPath(path))} compact />
          </aside>
        ) : null}

        <div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-4">
          <div className="flex gap-2">
            <button type="button" className="rounded border border-slate-300 px-4 py-2 text-sm disabled:opacity-50" disabled={step === 0} onClick={() => goTo(step - 1)}>
              Back
            </button>
            <button type="button" className="rounded px-2 py-2 text-sm text-slate-700 underline" onClick={startOver}>
              Start over
            </button>
          </div>
          {step < STEPS.length - 1 ? (
            <button type="button" className="rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700" onClick={next}>
              Next
            </button>
          ) : (
            <button type="button" className="rounded bg-emerald-700 px-4 py-2 text-sm font-medium text-white hover:bg-emerald-800 disabled:opacity-50" disabled={creating} onClick={() => void create()}>
              {creating ? 'Creating…' : 'Create task'}
            </button>
          )}
        </div>
      </section>
    </div>
  );
}

function PreviewPanel({ preview, kind, onJump, compact = false }: { preview: PreviewState; kind: string; onJump: (path: string) => void; compact?: boolean }) {
  if (preview.status === 'idle') return <p className="text-sm text-slate-700">The preview appears once the template and sample are set.</p>;
  if (preview.status === 'loading')
    return (
      <p role="status" className="text-sm text-slate-700">
        Rendering…
      </p>
    );
  if (preview.status === 'failed')
    return (
      <p role="status" className="text-sm text-red-800" data-testid="preview-failed">
        {preview.message}
      </p>
    );
  return (
    <div className="space-y-3" data-testid="preview">
      <p role="status" className={`text-sm font-medium ${preview.ok ? 'text-emerald-800' : 'text-red-800'}`} data-testid="preview-verdict">
        {preview.ok ? 'The provider would accept this.' : 'The provider would refuse this:'}
        {preview.ok && !preview.wouldRun ? ' The condition is false for this sample, so the task would be skipped.' : ''}
      </p>
      {preview.errors.length ? (
        <ul className="space-y-1 text-sm text-red-800">
          {preview.errors.map((e, i) => (
            <li key={i}>
              <button type="button" className="text-left underline" onClick={() => onJump(e.path)}>
                {e.path}: {e.message}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className={compact ? 'max-h-96 overflow-auto' : ''} tabIndex={compact ? 0 : undefined} role={compact ? 'region' : undefined} aria-label={compact ? 'Rendered payload' : undefined}>
        <ProviderPreview kind={kind} payload={preview.payload} config={preview.config} />
      </div>
    </div>
  );
}

/** Server paths (config.url, posts[2], mapping.title…) → the form field that shows them. */
function mapServerErrors(fieldErrors: Record<string, string>): FieldErrors {
  const out: FieldErrors = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const key = displayPath(path);
    const text = path === key ? message : `${path}: ${message}`;
    out[key] = out[key] ? `${out[key]}; ${text}` : text;
  }
  return out;
}

const previewFields = ['template', 'templateId', 'input', 'mapping', 'condition'];
function withoutPreviewErrors(errors: FieldErrors): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => !previewFields.includes(k) && !k.startsWith('config.') && !k.startsWith('condition.') && k !== 'preview'));
}

function stripStep(errors: FieldErrors, step: number): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([k]) => stepOfPath(k) !== step && !(step === 5 && k === 'preview')));
}
