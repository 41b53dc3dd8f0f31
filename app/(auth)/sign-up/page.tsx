import { AuthForm } from '@/components/auth/auth-form';
import { safeReturnPath } from '@/lib/auth/return-to';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignUpPage({ searchParams }: Props) {
  const returnTo = safeReturnPath((await searchParams).callbackUrl);
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Create your Outpost account</h1>
      <AuthForm mode="sign-up" returnTo={returnTo} />
    </div>
  );
}
