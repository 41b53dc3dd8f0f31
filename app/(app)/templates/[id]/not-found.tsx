import Link from 'next/link';
import { Notice } from '@/components/ui/notice';

export default function TemplateNotFound() {
  return (
    <Notice title="This template does not exist, or it is not shared with you" testId="template-not-found">
      <Link className="underline" href="/templates">
        Back to your templates
      </Link>
    </Notice>
  );
}
