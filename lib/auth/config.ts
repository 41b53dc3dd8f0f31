import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import type { Adapter } from 'next-auth/adapters';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { accounts, sessions, users, verificationTokens } from '@/lib/db/schema';
import { passwordMatches } from './password';
import { clientAddress } from './client-address';
import { endSession, sessionIsLive, startSession } from './sessions';
import { beginSignIn } from './sign-in-limits';
import { findUserByEmail } from './users';

class InvalidCredentials extends CredentialsSignin {
  code = 'invalid_credentials';
}
class TooManyAttempts extends CredentialsSignin {
  code = 'rate_limited';
}

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase(), password: z.string() });

function adapter(): Adapter {
  const base = DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return {
    ...base,
    // Sign-in providers' tokens are not needed after sign-in; never store them in plaintext.
    linkAccount: (account) =>
      base.linkAccount!({ ...account, access_token: undefined, refresh_token: undefined, id_token: undefined }),
  };
}

function providers(): NextAuthConfig['providers'] {
  const list: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new InvalidCredentials();
        const { email, password } = parsed.data;
        const user = await findUserByEmail(email);
        const attempt = await beginSignIn(email, user?.id ?? null, request ? clientAddress(request.headers) : null);
        if (!attempt.ok) throw new TooManyAttempts();
        if (!(await passwordMatches(password, user?.passwordHash)) || !user) {
          throw new InvalidCredentials();
        }
        await attempt.succeeded(user.id);
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  const { AUTH_OIDC_ISSUER, AUTH_OIDC_ID, AUTH_OIDC_SECRET, AUTH_OIDC_NAME, AUTH_GITHUB_ID, AUTH_GITHUB_SECRET } = process.env;
  if (AUTH_OIDC_ISSUER && AUTH_OIDC_ID) {
    list.push({
      id: 'oidc',
      name: AUTH_OIDC_NAME || 'Single sign-on',
      type: 'oidc',
      issuer: AUTH_OIDC_ISSUER,
      clientId: AUTH_OIDC_ID,
      clientSecret: AUTH_OIDC_SECRET,
    });
  }
  if (AUTH_GITHUB_ID && AUTH_GITHUB_SECRET) list.push(GitHub({ clientId: AUTH_GITHUB_ID, clientSecret: AUTH_GITHUB_SECRET }));
  return list;
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  adapter: adapter(),
  providers: providers(),
  // Credentials sign-in requires JWT sessions in Auth.js.
  session: { strategy: 'jwt' },
  trustHost: true,
  pages: { signIn: '/sign-in' },
  callbacks: {
    // A signed JWT alone is not enough: its session row must still exist (lib/auth/sessions.ts).
    // null ends the session and clears the cookie.
    async jwt({ token, user }) {
      if (user?.id) return { ...token, sub: user.id, sid: await startSession(user.id) };
      if (!token.sub || typeof token.sid !== 'string' || !(await sessionIsLive(token.sid, token.sub))) return null;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      if (typeof token.sid === 'string') session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut(message) {
      const sid = 'token' in message ? message.token?.sid : undefined;
      if (typeof sid === 'string') await endSession(sid);
    },
  },
}));

/** Names of the extra (OAuth/OIDC) sign-in providers configured by env, for the sign-in page. */
export function externalProviders(): { id: string; name: string }[] {
  return providers()
    .slice(1)
    .map((p) => {
      const resolved = typeof p === 'function' ? p() : p;
      return { id: resolved.id, name: resolved.name };
    });
}
