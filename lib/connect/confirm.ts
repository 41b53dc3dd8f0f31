import 'server-only';
import { checkedSite, startConnect, type StartResult } from './flow';
import { cleanLabel, safeReturnTo } from './inputs';
import { sealIntent, type ConnectIntent } from './intent';
import { parseConnectKind, type ConnectKind } from './kinds';
import { linkProblem, openConnectLink } from './links';
import type { ConnectErrorCode } from './messages';
import { findRequest } from './requests';

// A connect flow starts in two steps (DESIGN §3.2): GET /connect/:kind shows what is about to be
// connected and to which Outpost account, and only its button (a same-origin POST carrying the
// sealed intent) starts the flow. Opening the page — from a link, a redirect or another site's
// page — changes nothing: no flow, no link used, no request to a site.

export type Confirmation = {
  kind: ConnectKind;
  /** Self-hosted WordPress: the site the flow will go to, named on the page. */
  site?: string;
  label?: string;
  returnTo?: string;
  fromLink: boolean;
  intent: string;
};

type Query = { label?: string | null; returnTo?: string | null; site?: string | null; link?: string | null };

export async function prepareConfirmation(
  input: { rawKind: string; userId: string; sessionId: string | null; query: Query },
  now = Date.now(),
): Promise<{ ok: true; confirmation: Confirmation } | { ok: false; code: ConnectErrorCode; kind?: ConnectKind }> {
  const kind = parseConnectKind(input.rawKind);
  if (!kind) return { ok: false, code: 'unknown_kind' };
  let label = cleanLabel(input.query.label);
  let returnTo = safeReturnTo(input.query.returnTo);
  const link = input.query.link ?? undefined;
  if (link !== undefined) {
    // Checked, not used: the link is spent only when the person confirms.
    const row = await findRequest('link', link);
    const code = linkProblem(row, kind, input.userId, now);
    if (code) return { ok: false, code, kind };
    label = row!.label ?? undefined;
    returnTo = row!.returnTo ?? undefined;
  }
  let site: string | undefined;
  if (kind === 'wordpress') {
    site = checkedSite(input.query.site ?? undefined);
    if (!site) return { ok: false, code: 'site_invalid', kind };
  }
  const intent: ConnectIntent = {
    v: 1,
    kind,
    userId: input.userId,
    sessionId: input.sessionId,
    issuedAt: now,
    ...(label ? { label } : {}),
    ...(returnTo ? { returnTo } : {}),
    ...(site ? { site } : {}),
    ...(link !== undefined ? { link } : {}),
  };
  return {
    ok: true,
    confirmation: { kind, ...(site ? { site } : {}), ...(label ? { label } : {}), ...(returnTo ? { returnTo } : {}), fromLink: link !== undefined, intent: await sealIntent(intent) },
  };
}

/** The confirmed intent, started: the link (if any) is used now, then the provider's page is next. */
export async function startConfirmed(intent: ConnectIntent, origin: string): Promise<StartResult> {
  let { label, returnTo } = intent;
  if (intent.link !== undefined) {
    const opened = await openConnectLink(intent.link, intent.kind, intent.userId);
    if (!opened.ok) return opened;
    label = opened.label;
    returnTo = opened.returnTo;
  }
  return startConnect({ userId: intent.userId, kind: intent.kind, origin, ...(label ? { label } : {}), ...(returnTo ? { returnTo } : {}), ...(intent.site ? { site: intent.site } : {}) });
}
