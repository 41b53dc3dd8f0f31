import { env } from '@/lib/env';

/** Whether `email` is one of the instance's operators (OUTPOST_ADMIN_EMAILS, case-insensitive). */
export function isAdminEmail(email: string | null | undefined): boolean {
  if (!email) return false;
  return env().OUTPOST_ADMIN_EMAILS.includes(email.trim().toLowerCase());
}
