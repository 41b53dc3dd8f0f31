import { AuthForm } from '@/components/auth/auth-form';

export default function SignUpPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Create your Outpost account</h1>
      <AuthForm mode="sign-up" />
    </div>
  );
}
