'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { changePassword, changePasswordSchema } from '@/lib/auth/change-password';
import { auth, signOut } from '@/lib/auth/config';
import { displayNameSchema, setDisplayName } from '@/lib/auth/display-name';
import { endSessionsOf } from '@/lib/auth/sessions';
import { createAction } from './safe-action';

export const updateDisplayNameAction = createAction(z.object({ name: displayNameSchema }), async ({ name }, { userId }) => {
  const saved = await setDisplayName(userId!, name);
  revalidatePath('/settings/profile');
  return { name: saved };
});

export const changePasswordAction = createAction(changePasswordSchema, async (input, { userId }) => {
  const session = await auth();
  return changePassword(userId!, session?.sessionId, input);
});

/** Ends every session of the user, this one included, and sends this browser to sign-in. */
export async function signOutEverywhereAction() {
  const session = await auth();
  if (session?.user?.id) await endSessionsOf(session.user.id);
  await signOut({ redirectTo: '/sign-in' });
}
