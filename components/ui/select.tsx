import { forwardRef, type SelectHTMLAttributes } from 'react';

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; error?: string; options: { value: string; label: string }[] };

export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select({ label, error, id, options, ...props }, ref) {
  const selectId = id ?? props.name;
  return (
    <label className="block min-w-0" htmlFor={selectId}>
      <span className="text-sm font-medium text-slate-700">{label}</span>
      <select
        ref={ref}
        id={selectId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${selectId}-error` : undefined}
        className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm aria-[invalid]:border-red-500"
        {...props}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error ? (
        <span id={`${selectId}-error`} role="alert" className="mt-1 block text-sm text-red-700">
          {error}
        </span>
      ) : null}
    </label>
  );
});
