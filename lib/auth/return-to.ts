// Where a person goes after signing in: the page that sent them to sign-in (a connect link, a
// task page), never another site. Only a same-origin path is kept; anything else is the dashboard.

export const AFTER_SIGN_IN = '/dashboard';
const MAX_LENGTH = 2_000;

/** A path on this site (`/x…`, not `//host` or `/\host`, no control characters), else the dashboard. */
export function safeReturnPath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > MAX_LENGTH) return AFTER_SIGN_IN;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return AFTER_SIGN_IN;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return AFTER_SIGN_IN;
  // The sign-in and sign-up pages themselves would loop.
  if (/^\/sign-(in|up)(?:[/?#]|$)/.test(raw)) return AFTER_SIGN_IN;
  return raw;
}

/** The sign-in page that comes back to `path` afterwards. */
export function signInPathFor(path: string): string {
  const target = safeReturnPath(path);
  return target === AFTER_SIGN_IN ? '/sign-in' : `/sign-in?callbackUrl=${encodeURIComponent(target)}`;
}
