'use client';
import { useId } from 'react';
import { FieldMessage, invalidProps } from '@/components/wizard/field-message';
import {
  newConditionRow,
  OP_LABELS,
  rowKey,
  takesValue,
  TEST_OPS,
  type ConditionDraft,
  type ConditionMode,
  type ConditionRow,
} from '@/lib/wizard/condition-draft';

const control = 'mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-600 disabled:bg-slate-50';
const modes: { mode: ConditionMode; label: string }[] = [
  { mode: 'none', label: 'Always run' },
  { mode: 'builder', label: 'Only when…' },
  { mode: 'liquid', label: 'Liquid expression (advanced)' },
];

/**
 * A row-based condition: each row tests one path of what the template sees (input.*, deps.*, a
 * mapped field) and the rows are joined by all/any. Plain form controls in a fieldset, so it is
 * keyboard-operable as is; each row's errors sit under it, tied with aria-describedby.
 */
export function ConditionBuilder({
  value,
  onChange,
  errors,
  suggestions,
  disabled = false,
}: {
  value: ConditionDraft;
  onChange: (next: ConditionDraft) => void;
  errors: Record<string, string>;
  /** Paths offered in the path field (typing any other path works too). */
  suggestions: string[];
  disabled?: boolean;
}) {
  const id = useId();
  const listId = `${id}-paths`;
  const setRow = (i: number, patch: Partial<ConditionRow>) => onChange({ ...value, kept: null, rows: value.rows.map((row, j) => (j === i ? { ...row, ...patch } : row)) });
  const shown = new Set(['condition', ...value.rows.flatMap((_, i) => [rowKey(i, 'path'), rowKey(i, 'op'), rowKey(i, 'value')])]);
  const other = Object.entries(errors).filter(([key]) => (key === 'condition.conditions' || key.startsWith('condition.') || key.startsWith('condition[')) && !shown.has(key));

  return (
    <fieldset className="space-y-3" data-testid="condition-builder" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-800">Condition (false at delivery → the task is skipped)</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1" role="radiogroup" aria-label="When to run">
        {modes.map((m) => (
          <label key={m.mode} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name={`${id}-mode`}
              checked={value.mode === m.mode}
              onChange={() => onChange({ ...value, mode: m.mode, rows: m.mode === 'builder' && value.rows.length === 0 && !value.kept ? [newConditionRow(suggestions[0] ?? '')] : value.rows })}
            />
            {m.label}
          </label>
        ))}
      </div>

      {value.mode === 'builder' ? (
        <div className="space-y-3">
          <label className="block text-sm">
            <span className="text-slate-800">Run when</span>
            <select className={`${control} w-auto`} value={value.match} onChange={(e) => onChange({ ...value, kept: null, match: e.target.value as 'all' | 'any' })}>
              <option value="all">all of these hold</option>
              <option value="any">any of these holds</option>
            </select>
          </label>
          {value.kept && value.rows.length === 0 ? (
            <p className="rounded border border-slate-200 bg-slate-50 p-2 text-sm text-slate-700" data-testid="condition-kept">
              This condition nests deeper than rows can show; it is kept as it is unless you add a row: <code className="break-all">{JSON.stringify(value.kept)}</code>
            </p>
          ) : null}
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <ol className="space-y-3">
            {value.rows.map((row, i) => (
              <li key={i} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-[1fr_auto_1fr_auto]" data-testid="condition-row">
                <label className="block min-w-0">
                  <span className="sr-only">Path of test {i + 1}</span>
                  <input className={`${control} font-mono`} list={listId} placeholder="input.score" value={row.path} onChange={(e) => setRow(i, { path: e.target.value })} {...invalidProps(rowKey(i, 'path'), errors)} />
                  <FieldMessage name={rowKey(i, 'path')} errors={errors} />
                </label>
                <label className="block">
                  <span className="sr-only">Operator of test {i + 1}</span>
                  <select className={control} value={row.op} onChange={(e) => setRow(i, { op: e.target.value as ConditionRow['op'] })} {...invalidProps(rowKey(i, 'op'), errors)}>
                    {TEST_OPS.map((op) => (
                      <option key={op} value={op}>
                        {OP_LABELS[op]}
                      </option>
                    ))}
                  </select>
                  <FieldMessage name={rowKey(i, 'op')} errors={errors} />
                </label>
                <label className="block min-w-0">
                  <span className="sr-only">Value of test {i + 1}</span>
                  {takesValue(row.op) ? (
                    <input className={`${control} font-mono`} placeholder='0.5, en, true, ["a"]' value={row.value} onChange={(e) => setRow(i, { value: e.target.value })} {...invalidProps(rowKey(i, 'value'), errors)} />
                  ) : (
                    <input className={control} value="" placeholder="(no value)" disabled />
                  )}
                  <FieldMessage name={rowKey(i, 'value')} errors={errors} />
                </label>
                <button type="button" className="self-start rounded border border-slate-300 px-2 py-2 text-sm" onClick={() => onChange({ ...value, kept: null, rows: value.rows.filter((_, j) => j !== i) })}>
                  Remove<span className="sr-only"> test {i + 1}</span>
                </button>
              </li>
            ))}
          </ol>
          <button type="button" className="rounded border border-slate-300 px-3 py-1.5 text-sm" onClick={() => onChange({ ...value, kept: null, rows: [...value.rows, newConditionRow()] })}>
            Add a test
          </button>
          <p className="text-xs text-slate-700">Values are read as JSON when they parse (0.5, true, &quot;5&quot;), as text otherwise.</p>
        </div>
      ) : null}

      {value.mode === 'liquid' ? (
        <label className="block">
          <span className="text-sm text-slate-800">Liquid expression</span>
          <input className={`${control} font-mono`} placeholder="e.g. input.score > 0.8" value={value.liquid} onChange={(e) => onChange({ ...value, liquid: e.target.value })} {...invalidProps('condition', errors)} />
        </label>
      ) : null}
      <FieldMessage name="condition" errors={errors} />
      {other.map(([key, message]) => (
        <p key={key} role="alert" className="text-sm text-red-700">
          {key}: {message}
        </p>
      ))}
    </fieldset>
  );
}
