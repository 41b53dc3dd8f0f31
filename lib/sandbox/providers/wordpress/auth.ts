import { basicCredentials, type ProviderRequest, type ProviderResponse } from '../../http';
import { wpError } from './errors';
import { isSandboxNamespace } from '../../namespace';
import { DEFAULT_APPLICATION_PASSWORD, normalizeApplicationPassword, type WordPressStore, type WordPressUser } from './store';

export type WordPressAuth = { ok: true; user?: WordPressUser } | { ok: false; response: ProviderResponse };

/**
 * Basic auth with an application password, as wp_authenticate_application_password: a bad user name or
 * password fails the request even on public routes; no credentials at all means a visitor.
 */
export function authenticate(req: ProviderRequest, store: WordPressStore): WordPressAuth {
  const credentials = basicCredentials(req);
  if (!credentials) return { ok: true };
  const user = store.findUser(credentials.username) ?? provisionNamespaceUser(store, credentials.username, credentials.password);
  if (!user) {
    return { ok: false, response: wpError(401, 'invalid_username', 'Unknown username. Check again or try your email address.') };
  }
  if (!user.applicationPasswords.includes(normalizeApplicationPassword(credentials.password))) {
    return { ok: false, response: wpError(401, 'incorrect_password', 'The provided password is an invalid application password.') };
  }
  return { ok: true, user };
}

/**
 * Each Outpost user's example WordPress login is their sandbox namespace with the sandbox's default
 * application password; that user exists from its first request on, so posts show whose they are.
 */
function provisionNamespaceUser(store: WordPressStore, username: string, password: string): WordPressUser | undefined {
  if (!isSandboxNamespace(username)) return undefined;
  if (normalizeApplicationPassword(password) !== normalizeApplicationPassword(DEFAULT_APPLICATION_PASSWORD)) return undefined;
  store.addUser({ username, name: username, role: 'administrator' }, DEFAULT_APPLICATION_PASSWORD);
  return store.findUser(username);
}

/** WordPress's rest_authorization_required_code(): 401 for visitors, 403 for signed-in users. */
export const authorizationRequiredCode = (user: WordPressUser | undefined): number => (user ? 403 : 401);
