'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { changePasswordAction } from '@/lib/actions/profile';
import { Button, Field, FormError } from '@/components/ui/field';

const schema = z.object({
  currentPassword: z.string().min(1, 'Enter your current password'),
  newPassword: z.string().min(8, 'At least 8 characters').max(200, 'At most 200 characters'),
});
type Values = z.infer<typeof schema>;

export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(schema), defaultValues: { currentPassword: '', newPassword: '' } });

  async function onSave(values: Values) {
    setError(null);
    setSaved(null);
    const result = await changePasswordAction(values);
    if (result.status === 'error') {
      for (const field of ['currentPassword', 'newPassword'] as const) {
        if (result.fieldErrors?.[field]) form.setError(field, { message: result.fieldErrors[field] });
      }
      return setError(result.message);
    }
    form.reset();
    const ended = result.data.endedSessions;
    setSaved(`Password changed. ${ended === 0 ? 'No other session was signed in.' : `${ended} other ${ended === 1 ? 'session was' : 'sessions were'} signed out.`}`);
  }

  return (
    <form onSubmit={form.handleSubmit(onSave)} className="max-w-md space-y-3" noValidate>
      <Field label="Current password" type="password" autoComplete="current-password" {...form.register('currentPassword')} error={form.formState.errors.currentPassword?.message} />
      <Field label="New password" type="password" autoComplete="new-password" {...form.register('newPassword')} error={form.formState.errors.newPassword?.message} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Change password
        </Button>
        {saved ? (
          <span role="status" className="text-sm text-green-700">
            {saved}
          </span>
        ) : null}
      </div>
      <FormError message={error} />
    </form>
  );
}
