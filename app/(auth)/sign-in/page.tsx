import { AuthForm } from '@/components/auth/auth-form';
import { externalProviders, signIn } from '@/lib/auth/config';
import { safeReturnPath } from '@/lib/auth/return-to';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const providers = externalProviders();
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <AuthForm mode="sign-in" returnTo={returnTo} />
      {providers.map((p) => (
        <form
          key={p.id}
          action={async () => {
            'use server';
            await signIn(p.id, { redirectTo: returnTo });
          }}
        >
          <button className="w-full rounded border border-slate-300 px-4 py-2 text-sm" type="submit">
            Continue with {p.name}
          </button>
        </form>
      ))}
    </div>
  );
}
