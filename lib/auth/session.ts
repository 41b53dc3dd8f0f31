import 'server-only';
import { redirect } from 'next/navigation';
import { auth } from './config';

/** The signed-in user's id in a page or server action; redirects to sign-in otherwise. */
export async function requireUserId(): Promise<string> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) redirect('/sign-in');
  return id;
}

export async function currentUser() {
  const session = await auth();
  return session?.user?.id ? session.user : null;
}
