import Link from 'next/link';
import { Notice } from '@/components/ui/notice';

// What someone not in OUTPOST_ADMIN_EMAILS sees at /system (a 404, or the same page after the
// layout has started streaming).
export default function SystemNotFound() {
  return (
    <Notice title="There is no such page" testId="system-not-found">
      <Link className="underline" href="/dashboard">
        Back to the dashboard
      </Link>
    </Notice>
  );
}
