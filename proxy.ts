import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from '@/lib/security/csp';

// DESIGN §8: every page carries a Content-Security-Policy whose scripts are the app's own, inline
// ones allowed by a nonce made for this request (Next.js reads it from the request's CSP header
// and puts it on its scripts). The other security headers come from next.config.ts for every
// route, API included.
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // A page that needs sign-in sends the person back here afterwards (lib/auth/session.ts).
  requestHeaders.set('x-outpost-path', request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes answer JSON, static assets are files.
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
