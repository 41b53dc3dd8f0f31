import { escapeHtml, redirect, type ProviderRequest, type ProviderResponse } from '../../http';
import { generateApplicationPassword, normalizeApplicationPassword, type WordPressStore } from './store';

// wp-admin/authorize-application.php (WordPress 5.6+): an app sends the person here with app_name,
// success_url and reject_url; approving creates an application password and redirects to
// success_url with site_url, user_login and password; rejecting goes to reject_url, or to
// success_url with success=false when no reject_url was given. The sandbox acts as if the
// person were signed in as the site's first user.

const page = (title: string, body: string, status = 200): ProviderResponse => ({
  status,
  html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} ‹ Outpost Sandbox — WordPress</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1d2327}
button{font-size:1rem;padding:.5rem 1rem;margin-right:.5rem;border-radius:3px;border:1px solid #2271b1;cursor:pointer}
button[name=approve]{background:#2271b1;color:#fff}.note{color:#646970;font-size:.9rem}</style></head><body>${body}</body></html>`,
});

function callbackUrl(value: string | null): URL | undefined | 'invalid' {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    // WordPress wants https; the sandbox, like a site with WP_ENVIRONMENT_TYPE=local, also takes http.
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function authorizeApplication(req: ProviderRequest, store: WordPressStore, site: string): ProviderResponse {
  const source = req.method === 'POST' ? new URLSearchParams(req.rawBody.toString('utf8')) : req.url.searchParams;
  const appName = source.get('app_name') ?? '';
  const success = callbackUrl(source.get('success_url'));
  const reject = callbackUrl(source.get('reject_url'));
  if (success === 'invalid' || reject === 'invalid') {
    return page('Error', '<h1>Cannot Authorize Application</h1><p>The success and reject URLs must be valid http(s) URLs.</p>', 400);
  }
  const user = store.consentingUser(source.get('login_hint'));

  if (req.method === 'GET') {
    const keep = ['app_name', 'app_id', 'success_url', 'reject_url', 'login_hint']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(source.get(name) ?? '')}">`)
      .join('');
    return page(
      'Authorize Application',
      `<h1>Authorize Application</h1>
<p>Would you like to give the application identified as <strong>${escapeHtml(appName || 'an application')}</strong> access to your account
(<strong>${escapeHtml(user.username)}</strong>)? You should only do this if you trust the app in question.</p>
${success ? `<p class="note">You will be sent to ${escapeHtml(success.origin)} afterwards, with the new application password.</p>` : ''}
<form method="post" action="${escapeHtml(`${site}/wp-admin/authorize-application.php`)}">${keep}
<button type="submit" name="approve" value="1">Yes, I approve of this connection</button>
<button type="submit" name="reject" value="1">No, I do not approve of this connection</button></form>
<p class="note">This is the Outpost sandbox, not a real WordPress site.</p>`,
    );
  }

  if (source.get('approve') !== '1') {
    const target = reject ?? success;
    if (!target) return page('Rejected', '<h1>Authorize Application</h1><p>You declined to authorize the application.</p>');
    if (!reject) target.searchParams.set('success', 'false');
    return redirect(target.toString());
  }

  const password = generateApplicationPassword();
  user.applicationPasswords.push(normalizeApplicationPassword(password));
  if (!success) {
    return page('Approved', `<h1>Your new password for ${escapeHtml(appName)} is:</h1><p><code>${escapeHtml(password)}</code></p>`);
  }
  success.searchParams.set('site_url', site);
  success.searchParams.set('user_login', user.username);
  success.searchParams.set('password', password);
  return redirect(success.toString());
}
