import { NextResponse } from 'next/server';
import { auth } from '@/lib/auth/config';
import { finishConnect } from '@/lib/connect/flow';
import { flowCookieName } from '@/lib/connect/flow-cookie';
import { parseConnectKind } from '@/lib/connect/kinds';
import { appOrigin } from '@/lib/connect/origin';

// GET /api/connect/:kind/callback: the provider's answer; ends on /connections (or returnTo).
export async function GET(request: Request, context: { params: Promise<{ kind: string }> }) {
  const origin = appOrigin(request);
  const kind = parseConnectKind((await context.params).kind);
  if (!kind) return NextResponse.redirect(`${origin}/connections?error=unknown_kind`, 303);
  const cookieName = flowCookieName(kind);
  const cookie = request.headers
    .get('cookie')
    ?.split(/;\s*/)
    .find((part) => part.startsWith(`${cookieName}=`))
    ?.slice(cookieName.length + 1);
  const session = await auth();
  const result = await finishConnect({ kind, sessionUserId: session?.user?.id ?? null, cookie: cookie && decodeURIComponent(cookie), url: new URL(request.url), origin });

  let target: string;
  if (result.ok) {
    const back = new URL(result.returnTo ?? '/connections', origin);
    back.searchParams.set('connected', result.connectionId);
    if (result.reconnected) back.searchParams.set('reconnected', '1');
    target = back.toString();
  } else {
    target = `${origin}/connections?error=${result.code}&kind=${kind}`;
  }
  const response = NextResponse.redirect(target, 303);
  // One attempt, one cookie: whatever happened, it cannot be replayed.
  response.cookies.delete(cookieName);
  return response;
}
