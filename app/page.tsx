import Link from 'next/link';
import { currentUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const user = await currentUser();
  return (
    <main className="mx-auto max-w-3xl px-6 py-20">
      <h1 className="text-4xl font-bold tracking-tight">Outpost</h1>
      <p className="mt-4 text-lg text-slate-600">
        Turn every AI agent result into a delivery: an X thread, a WordPress draft, a Slack or Discord message,
        or any HTTP request — on schedule, within each provider&apos;s limits, with your credentials encrypted.
      </p>
      <div className="mt-8 flex gap-3">
        {user ? (
          <Link className="rounded bg-slate-900 px-4 py-2 text-white" href="/dashboard">
            Open dashboard
          </Link>
        ) : (
          <>
            <Link className="rounded bg-slate-900 px-4 py-2 text-white" href="/sign-up">
              Create an account
            </Link>
            <Link className="rounded border border-slate-300 px-4 py-2" href="/sign-in">
              Sign in
            </Link>
          </>
        )}
        <Link className="rounded border border-slate-300 px-4 py-2" href="/docs">
          API docs
        </Link>
      </div>
    </main>
  );
}
