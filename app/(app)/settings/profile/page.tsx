import { DisplayNameForm } from '@/components/profile/display-name-form';
import { PasswordForm } from '@/components/profile/password-form';
import { signOutEverywhereAction } from '@/lib/actions/profile';
import { hasPassword } from '@/lib/auth/change-password';
import { displayNameOf } from '@/lib/auth/display-name';
import { requireUserId } from '@/lib/auth/session';

export default async function ProfilePage() {
  const userId = await requireUserId();
  const [name, withPassword] = await Promise.all([displayNameOf(userId), hasPassword(userId)]);
  return (
    <div className="space-y-8">
      <section className="space-y-4">
        <div>
          <h1 className="text-2xl font-semibold">Profile</h1>
          <p className="mt-1 text-sm text-slate-600">
            Templates you publish show this name as their author. Your email address is never shown to other users.
          </p>
        </div>
        <DisplayNameForm name={name} />
      </section>
      {withPassword ? (
        <section aria-labelledby="password-heading" className="space-y-3">
          <div>
            <h2 id="password-heading" className="text-lg font-semibold">
              Password
            </h2>
            <p className="mt-1 text-sm text-slate-600">Changing it signs out every other browser signed in to this account.</p>
          </div>
          <PasswordForm />
        </section>
      ) : null}
      <section aria-labelledby="sessions-heading" className="space-y-3">
        <div>
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            Signs out every browser signed in to this account, this one included; a copied session cookie stops working too. API keys keep working.
          </p>
        </div>
        <form action={signOutEverywhereAction}>
          <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
            Sign out everywhere
          </button>
        </form>
      </section>
    </div>
  );
}
