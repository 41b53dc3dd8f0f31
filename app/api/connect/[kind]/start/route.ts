import { NextResponse } from 'next/server';
import { auth } from '@/lib/auth/config';
import { clientAddress } from '@/lib/auth/client-address';
import { startConfirmed } from '@/lib/connect/confirm';
import { flowCookieName, flowCookieOptions, sealFlow } from '@/lib/connect/flow-cookie';
import { openIntent } from '@/lib/connect/intent';
import { parseConnectKind } from '@/lib/connect/kinds';
import { appOrigin } from '@/lib/connect/origin';
import { takeConnectStart } from '@/lib/connect/start-limits';
import { isSameOrigin } from '@/lib/security/same-origin';

// POST /api/connect/:kind/start: the confirmation page's button; sends the browser to the provider.
export async function POST(request: Request, context: { params: Promise<{ kind: string }> }) {
  const origin = appOrigin(request);
  const failed = (code: string, kind?: string) => NextResponse.redirect(`${origin}/connections?error=${code}${kind ? `&kind=${kind}` : ''}`, 303);
  // Another site's page never starts a flow, whatever it posts: nothing is read or stored.
  if (!isSameOrigin(request)) return new Response('A connect flow starts only from Outpost’s own confirmation page.', { status: 403 });
  const kind = parseConnectKind((await context.params).kind);
  if (!kind) return failed('unknown_kind');
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return NextResponse.redirect(`${origin}/sign-in`, 303);
  const form = await request.formData().catch(() => null);
  const intent = await openIntent(form?.get('intent'), { kind, userId, sessionId: session.sessionId ?? null });
  if (!intent) return failed('intent_invalid', kind);

  const allowed = await takeConnectStart(userId, clientAddress(request.headers));
  if (!allowed.ok) return failed('rate_limited', kind);
  const started = await startConfirmed(intent, origin);
  if (!started.ok) return failed(started.code, kind);
  const response = NextResponse.redirect(started.location, 303);
  response.cookies.set(flowCookieName(kind), await sealFlow(started.flow), flowCookieOptions(origin.startsWith('https:')));
  return response;
}
