'use server';
import { AuthError } from 'next-auth';
import { headers } from 'next/headers';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/config';
import { clientAddress } from '@/lib/auth/client-address';
import { takeSignUpAttempt, waitPhrase } from '@/lib/auth/sign-in-limits';
import { createUserWithPassword, signUpSchema } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';
import { createAction } from './safe-action';

const signInSchema = z.object({ email: z.string().trim().min(1, 'is required'), password: z.string().min(1, 'is required') });

function signInMessage(error: AuthError): string {
  const code = (error as AuthError & { code?: string }).code;
  if (code === 'rate_limited') {
    return 'Too many failed sign-in attempts for this account from here. Wait a few minutes and try again, or sign in from a device you used before.';
  }
  return 'Email or password is incorrect';
}

async function signInWithPassword(email: string, password: string) {
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) throw new AppError('unauthorized', signInMessage(error));
    throw error;
  }
}

export const signInAction = createAction(
  signInSchema,
  async ({ email, password }) => {
    await signInWithPassword(email, password);
    return { signedIn: true };
  },
  { requireUser: false },
);

export const signUpAction = createAction(
  signUpSchema,
  async (input) => {
    const allowed = await takeSignUpAttempt(clientAddress(await headers()));
    if (!allowed.ok) {
      throw new AppError('rate_limited', `Too many accounts were created from your network. Try again in ${waitPhrase(allowed.retryAfterSeconds)}.`);
    }
    await createUserWithPassword(input);
    await signInWithPassword(input.email, input.password);
    return { signedIn: true };
  },
  { requireUser: false },
);

export async function signOutAction() {
  await signOut({ redirectTo: '/sign-in' });
}
