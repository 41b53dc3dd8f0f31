'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createConnection, createConnectionSchema, deleteConnection, renameConnection, renameConnectionSchema, testConnection } from '@/lib/credentials';
import { createAction } from './safe-action';

export const createConnectionAction = createAction(createConnectionSchema, async (input, { userId }) => {
  const connection = await createConnection(userId!, input);
  revalidatePath('/connections');
  return { id: connection.id };
});

export const deleteConnectionAction = createAction(z.object({ id: z.uuid() }), async ({ id }, { userId }) => {
  await deleteConnection(userId!, id);
  revalidatePath('/connections');
  return { deleted: true };
});

export const testConnectionAction = createAction(z.object({ id: z.uuid() }), async ({ id }, { userId }) => {
  const result = await testConnection(userId!, id);
  revalidatePath('/connections');
  return result;
});

export const renameConnectionAction = createAction(renameConnectionSchema.extend({ id: z.uuid() }), async ({ id, label }, { userId }) => {
  await renameConnection(userId!, id, label);
  revalidatePath('/connections');
  return { renamed: true };
});
