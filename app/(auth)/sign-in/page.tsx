import { AuthForm } from '@/components/auth/auth-form';
import { externalProviders, signIn } from '@/lib/auth/config';

export const dynamic = 'force-dynamic';

export default function SignInPage() {
  const providers = externalProviders();
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Sign in</h1>
      <AuthForm mode="sign-in" />
      {providers.map((p) => (
        <form
          key={p.id}
          action={async () => {
            'use server';
            await signIn(p.id, { redirectTo: '/dashboard' });
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
