import { basicCredentials, type ProviderRequest, type ProviderResponse } from '../../http';
import { wpError } from './errors';
import { normalizeApplicationPassword, type WordPressStore, type WordPressUser } from './store';

export type WordPressAuth = { ok: true; user?: WordPressUser } | { ok: false; response: ProviderResponse };

/**
 * Basic auth with an application password, as wp_authenticate_application_password: a bad user name or
 * password fails the request even on public routes; no credentials at all means a visitor.
 */
export function authenticate(req: ProviderRequest, store: WordPressStore): WordPressAuth {
  const credentials = basicCredentials(req);
  if (!credentials) return { ok: true };
  const user = store.findUser(credentials.username);
  if (!user) {
    return { ok: false, response: wpError(401, 'invalid_username', 'Unknown username. Check again or try your email address.') };
  }
  if (!user.applicationPasswords.includes(normalizeApplicationPassword(credentials.password))) {
    return { ok: false, response: wpError(401, 'incorrect_password', 'The provided password is an invalid application password.') };
  }
  return { ok: true, user };
}

/** WordPress's rest_authorization_required_code(): 401 for visitors, 403 for signed-in users. */
export const authorizationRequiredCode = (user: WordPressUser | undefined): number => (user ? 403 : 401);
