import { NextResponse } from 'next/server';
import { auth } from '@/lib/auth/config';
import { cleanLabel, safeReturnTo, startConnect } from '@/lib/connect/flow';
import { flowCookieName, flowCookieOptions, sealFlow } from '@/lib/connect/flow-cookie';
import { parseConnectKind } from '@/lib/connect/kinds';
import { openConnectLink } from '@/lib/connect/links';
import { appOrigin } from '@/lib/connect/origin';

// GET /connect/:kind?label=&returnTo=[&site=][&link=]: starts a connect flow in the signed-in browser.
export async function GET(request: Request, context: { params: Promise<{ kind: string }> }) {
  const origin = appOrigin(request);
  const url = new URL(request.url);
  const failed = (code: string, kind?: string) => NextResponse.redirect(`${origin}/connections?error=${code}${kind ? `&kind=${kind}` : ''}`, 303);
  const session = await auth();
  const userId = session?.user?.id;
  // A link opened while signed out stays unused, so it still works after signing in.
  if (!userId) return NextResponse.redirect(`${origin}/sign-in?callbackUrl=${encodeURIComponent(url.pathname + url.search)}`, 303);

  const kind = parseConnectKind((await context.params).kind);
  if (!kind) return failed('unknown_kind');
  let label = cleanLabel(url.searchParams.get('label'));
  let returnTo = safeReturnTo(url.searchParams.get('returnTo'));
  const link = url.searchParams.get('link');
  if (link !== null) {
    const opened = await openConnectLink(link, kind, userId);
    if (!opened.ok) return failed(opened.code, kind);
    label = opened.label;
    returnTo = opened.returnTo;
  }

  const started = await startConnect({ userId, kind, label, returnTo, site: url.searchParams.get('site') ?? undefined, origin });
  if (!started.ok) return failed(started.code, kind);
  const response = NextResponse.redirect(started.location, 302);
  response.cookies.set(flowCookieName(kind), await sealFlow(started.flow), flowCookieOptions(origin.startsWith('https:')));
  return response;
}
