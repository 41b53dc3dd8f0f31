import { DisplayNameForm } from '@/components/profile/display-name-form';
import { displayNameOf } from '@/lib/auth/display-name';
import { requireUserId } from '@/lib/auth/session';

export default async function ProfilePage() {
  const userId = await requireUserId();
  const name = await displayNameOf(userId);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-semibold">Profile</h1>
        <p className="mt-1 text-sm text-slate-600">
          Templates you publish show this name as their author. Your email address is never shown to other users.
        </p>
      </div>
      <DisplayNameForm name={name} />
    </div>
  );
}
