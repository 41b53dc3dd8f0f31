'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { apiKeyNameSchema, createApiKey, revokeApiKey } from '@/lib/auth/api-keys';
import { createAction } from './safe-action';

export const createApiKeyAction = createAction(z.object({ name: apiKeyNameSchema }), async ({ name }, { userId }) => {
  const { key, apiKey } = await createApiKey(userId!, name);
  revalidatePath('/settings/api-keys');
  return { key, id: apiKey.id, prefix: apiKey.prefix };
});

export const revokeApiKeyAction = createAction(z.object({ id: z.uuid() }), async ({ id }, { userId }) => {
  await revokeApiKey(userId!, id);
  revalidatePath('/settings/api-keys');
  return { revoked: true };
});
