'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { signInAction, signUpAction } from '@/lib/actions/auth';
import { Button, Field, FormError } from '@/components/ui/field';

const signInSchema = z.object({ email: z.string().trim().min(1, 'Email is required'), password: z.string().min(1, 'Password is required') });
const signUpSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: z.email('Enter a valid email address'),
  password: z.string().min(8, 'Use at least 8 characters'),
});

type Mode = 'sign-in' | 'sign-up';
type Values = { name?: string; email: string; password: string };

/** `returnTo`: the page to open once signed in (already checked to be on this site). */
export function AuthForm({ mode, returnTo = '/dashboard' }: { mode: Mode; returnTo?: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({ resolver: zodResolver(mode === 'sign-in' ? signInSchema : signUpSchema) });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: Values) {
    setFormError(null);
    const result = mode === 'sign-in' ? await signInAction(values) : await signUpAction(values);
    if (result.status === 'ok') {
      router.push(returnTo);
      router.refresh();
      return;
    }
    setFormError(result.message);
    for (const [path, message] of Object.entries(result.fieldErrors ?? {})) {
      if (path === 'email' || path === 'password' || path === 'name') form.setError(path, { message });
    }
  }

  return (
    <form onSubmit={form.handleSubmit(onSubmit)} className="space-y-4" noValidate>
      <FormError message={formError} />
      {mode === 'sign-up' ? <Field label="Name (optional)" autoComplete="name" {...form.register('name')} error={errors.name?.message} /> : null}
      <Field label="Email" type="email" autoComplete="email" {...form.register('email')} error={errors.email?.message} />
      <Field
        label="Password"
        type="password"
        autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
        {...form.register('password')}
        error={errors.password?.message}
      />
      <Button type="submit" disabled={isSubmitting} className="w-full">
        {isSubmitting ? 'Please wait…' : mode === 'sign-in' ? 'Sign in' : 'Create account'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {mode === 'sign-in' ? (
          <>
            No account yet?{' '}
            <Link className="underline" href={returnTo === '/dashboard' ? '/sign-up' : `/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`}>
              Create one
            </Link>
          </>
        ) : (
          <>
            Already registered?{' '}
            <Link className="underline" href={returnTo === '/dashboard' ? '/sign-in' : `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`}>
              Sign in
            </Link>
          </>
        )}
      </p>
    </form>
  );
}
