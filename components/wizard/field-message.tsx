/** A field's error, tied to its control with aria-describedby={fieldMessageId(name)}. */
export const fieldMessageId = (name: string) => `err-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export function FieldMessage({ name, errors }: { name: string; errors: Record<string, string> }) {
  const message = errors[name];
  if (!message) return null;
  return (
    <p id={fieldMessageId(name)} role="alert" className="mt-1 text-sm text-red-700" data-testid={`error-${name}`}>
      {message}
    </p>
  );
}

/** Props that mark a control invalid and point it at its message. */
export function invalidProps(name: string, errors: Record<string, string>) {
  return errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': fieldMessageId(name) } : {};
}
