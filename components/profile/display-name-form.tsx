'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { updateDisplayNameAction } from '@/lib/actions/profile';
import { Button, Field, FormError } from '@/components/ui/field';

const schema = z.object({ name: z.string().trim().min(1, 'Enter the name others should see').max(100, 'At most 100 characters') });

export function DisplayNameForm({ name }: { name: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<{ name: string }>({ resolver: zodResolver(schema), defaultValues: { name: name ?? '' } });

  async function onSave(values: { name: string }) {
    setError(null);
    setSaved(false);
    const result = await updateDisplayNameAction(values);
    if (result.status === 'error') {
      if (result.fieldErrors?.name) form.setError('name', { message: result.fieldErrors.name });
      return setError(result.message);
    }
    form.reset({ name: result.data.name });
    setSaved(true);
  }

  return (
    <form onSubmit={form.handleSubmit(onSave)} className="max-w-md space-y-3" noValidate>
      <Field label="Display name" autoComplete="nickname" {...form.register('name')} error={form.formState.errors.name?.message} />
      <div className="flex items-center gap-3">
        <Button type="submit" disabled={form.formState.isSubmitting}>
          Save
        </Button>
        {saved ? (
          <span role="status" className="text-sm text-green-700">
            Saved
          </span>
        ) : null}
      </div>
      <FormError message={error} />
    </form>
  );
}
