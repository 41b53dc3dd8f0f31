/**
 * The pages' Content-Security-Policy. Scripts: only those carrying this request's nonce, and what
 * they load ('strict-dynamic'); 'self' stays for browsers without strict-dynamic. Styles allow
 * 'unsafe-inline': Tailwind, Radix and the Scalar API reference set inline style attributes, which
 * a nonce cannot cover. Styles cannot run code, so scripts stay strict.
 */
export function contentSecurityPolicy(nonce: string, development = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response carries, pages and API alike (next.config.ts). */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];
