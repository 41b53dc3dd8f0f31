// What a person reads on /connections after a connect attempt (`?error=<code>&kind=<kind>`).
// Safe for client components.
import { connectKindInfo, parseConnectKind } from './kinds';

export const connectErrorCodes = [
  'access_denied',
  'state_missing',
  'state_invalid',
  'state_mismatch',
  'state_expired',
  'state_used',
  'wrong_user',
  'signed_out',
  'code_rejected',
  'provider_error',
  'identity_failed',
  'not_configured',
  'unknown_kind',
  'site_invalid',
  'site_mismatch',
  'link_invalid',
  'link_used',
  'link_expired',
  'link_other_user',
  'intent_invalid',
  'rate_limited',
] as const;
export type ConnectErrorCode = (typeof connectErrorCodes)[number];

const sentences: Record<ConnectErrorCode, (provider: string) => string> = {
  access_denied: (p) => `You declined on ${p}'s page, so nothing was connected.`,
  state_missing: () =>
    'This connect attempt could not be matched to one you started in this browser (it may have expired after 10 minutes, or been opened in another browser). Nothing was connected; please start again.',
  state_invalid: () => 'This connect attempt carried a damaged or altered security check, so it was stopped and nothing was connected. Please start again.',
  state_mismatch: () => 'The answer did not belong to the connect attempt you started (its security check did not match), so nothing was connected. Please start again.',
  state_expired: () => 'This connect attempt took longer than 10 minutes and has expired. Nothing was connected; please start again.',
  state_used: () => 'This connect attempt was already completed or cancelled. Nothing more was connected; start again to connect another account.',
  wrong_user: () =>
    'This connect attempt was started by a different Outpost account than the one signed in now, so nothing was connected. Sign in as that account, or start again.',
  signed_out: () => 'You were signed out before the connect attempt finished, so nothing was connected. Sign in and start again.',
  code_rejected: (p) => `${p} did not accept the authorization (it may have been used already or have expired). Nothing was connected; please try again.`,
  provider_error: (p) => `${p} answered with an error, so nothing was connected. Please try again in a moment.`,
  identity_failed: (p) => `${p} approved the connection, but Outpost could not read which account it belongs to, so nothing was saved. Please try again.`,
  not_configured: (p) => `Connecting ${p} is not set up on this Outpost instance (its OAuth app is not configured).`,
  unknown_kind: () => 'Outpost cannot connect that kind of account.',
  site_invalid: () => 'That site address could not be used: enter the full address of your WordPress site, e.g. https://blog.example.com.',
  site_mismatch: () => 'The WordPress site that answered is not the one you entered, so nothing was connected.',
  link_invalid: () => 'This connect link is not valid. Ask for a new one.',
  link_used: () => 'This connect link has already been used. Ask for a new one.',
  link_expired: () => 'This connect link has expired (links work for 30 minutes). Ask for a new one.',
  link_other_user: () =>
    'This connect link was made for a different Outpost account than the one signed in, so it connects nothing here. Sign in as the account it was made for.',
  intent_invalid: () =>
    'This connect attempt was not confirmed on Outpost’s own page in this session (or the confirmation is older than 10 minutes), so nothing was started. Start again from Connections.',
  rate_limited: () => 'Too many connect attempts were started in a short time. Nothing was started; wait a minute and try again.',
};

export function connectErrorMessage(code: string, kind?: string | null): string {
  const known = (connectErrorCodes as readonly string[]).includes(code) ? (code as ConnectErrorCode) : 'provider_error';
  const connectKind = kind ? parseConnectKind(kind) : undefined;
  return sentences[known](connectKind ? connectKindInfo[connectKind].provider : 'The provider');
}
