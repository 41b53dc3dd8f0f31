import Link from 'next/link';
import { Notice } from '@/components/ui/notice';

export default function TaskNotFound() {
  return (
    <Notice title="This task does not exist, or it is not yours" testId="task-not-found">
      <Link className="underline" href="/dashboard">
        Back to the dashboard
      </Link>
    </Notice>
  );
}
