import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { auth } from './config';
import { signInPathFor } from './return-to';

/** The signed-in user's id in a page or server action; redirects to sign-in (and back here after it) otherwise. */
export async function requireUserId(): Promise<string> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) redirect(signInPathFor((await headers()).get('x-outpost-path') ?? ''));
  return id;
}

export async function currentUser() {
  const session = await auth();
  return session?.user?.id ? session.user : null;
}
