'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { displayNameSchema, setDisplayName } from '@/lib/auth/display-name';
import { createAction } from './safe-action';

export const updateDisplayNameAction = createAction(z.object({ name: displayNameSchema }), async ({ name }, { userId }) => {
  const saved = await setDisplayName(userId!, name);
  revalidatePath('/settings/profile');
  return { name: saved };
});
