import { escapeHtml, type ProviderResponse } from './http';

// The small HTML pages the sandbox's OAuth servers show a person.

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#0f1419}
button{font-size:1rem;padding:.6rem 1.2rem;border-radius:999px;border:1px solid #cfd9de;margin-right:.5rem;cursor:pointer}
button[value=allow]{background:#0f1419;color:#fff;border-color:#0f1419}.note{color:#536471;font-size:.9rem}</style>
</head><body>${body}</body></html>`;

export interface ConsentPage {
  provider: string;
  clientId: string;
  account: string;
  scopes: string[];
  action: string;
  /** Request parameters carried through the form POST. */
  fields: Record<string, string>;
  /** A choice the person makes while consenting (Slack and Discord: the channel to post to). */
  choice?: { name: string; label: string; options: { value: string; label: string }[] };
}

/** "Authorize app" posts `decision=allow`, "Cancel" posts `decision=deny`. */
export function consentPage(input: ConsentPage): ProviderResponse {
  const hidden = Object.entries(input.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const scopes = input.scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  const choice = input.choice
    ? `<p><label>${escapeHtml(input.choice.label)} <select name="${escapeHtml(input.choice.name)}">${input.choice.options
        .map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.label)}</option>`)
        .join('')}</select></label></p>`
    : '';
  return {
    status: 200,
    html: page(
      `Authorize app - ${input.provider} sandbox`,
      `<h1>Authorize app</h1>
<p><strong>${escapeHtml(input.clientId)}</strong> wants to access your ${escapeHtml(input.provider)} account <strong>${escapeHtml(input.account)}</strong>.</p>
<p>It will be able to:</p><ul>${scopes}</ul>
<form method="post" action="${escapeHtml(input.action)}">${hidden}${choice}
<button type="submit" name="decision" value="allow">Authorize app</button>
<button type="submit" name="decision" value="deny">Cancel</button></form>
<p class="note">This is the Outpost sandbox, not the real ${escapeHtml(input.provider)}.</p>`,
    ),
  };
}

export function oauthErrorPage(provider: string, problem: string): ProviderResponse {
  return { status: 400, html: page(`Something went wrong - ${provider} sandbox`, `<h1>Something went wrong</h1><p>${escapeHtml(problem)}</p>`) };
}
