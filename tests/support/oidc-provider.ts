// A minimal OpenID Connect identity provider on 127.0.0.1 for the sign-in tests: discovery, a login
// form, authorization code + PKCE, RS256-signed ID tokens, JWKS and userinfo.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type OidcProvider = { issuer: string; clientId: string; clientSecret: string; close(): Promise<void> };

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Grant = { clientId: string; redirectUri: string; challenge: string; nonce?: string; email: string };

export async function startOidcProvider(opts: { clientId?: string; clientSecret?: string } = {}): Promise<OidcProvider> {
  const clientId = opts.clientId ?? 'outpost-test';
  const clientSecret = opts.clientSecret ?? randomBytes(16).toString('hex');
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, string>();
  let issuer = '';

  const idToken = (grant: Grant) => {
    const now = Math.floor(Date.now() / 1000);
    const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const claims = { iss: issuer, sub: `user-${grant.email}`, aud: grant.clientId, iat: now, exp: now + 300, email: grant.email, email_verified: true, name: grant.email.split('@')[0], ...(grant.nonce ? { nonce: grant.nonce } : {}) };
    const payload = b64url(JSON.stringify(claims));
    return `${header}.${payload}.${b64url(sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey))}`;
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
    res.end(text);
  };
  const readForm = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return send(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        scopes_supported: ['openid', 'email', 'profile'],
      });
    }
    if (url.pathname === '/jwks') return send(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize' && req.method === 'GET') {
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256') return send(res, 400, '<h1>invalid request</h1>');
      const hidden = [...q].map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`).join('');
      return send(res, 200, `<!doctype html><title>Sandbox SSO</title><h1>Sign in to Sandbox SSO</h1><form method="post" action="/authorize">${hidden}<label>Email <input name="login_email" type="email"></label><button type="submit">Continue</button></form>`);
    }
    if (url.pathname === '/authorize' && req.method === 'POST') {
      const form = await readForm(req);
      const code = randomBytes(16).toString('hex');
      grants.set(code, {
        clientId: form.get('client_id') ?? '',
        redirectUri: form.get('redirect_uri') ?? '',
        challenge: form.get('code_challenge') ?? '',
        nonce: form.get('nonce') ?? undefined,
        email: form.get('login_email') ?? '',
      });
      const target = new URL(form.get('redirect_uri') ?? '');
      target.searchParams.set('code', code);
      if (form.get('state')) target.searchParams.set('state', form.get('state')!);
      target.searchParams.set('iss', issuer);
      res.writeHead(302, { location: target.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = await readForm(req);
      const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [form.get('client_id'), form.get('client_secret')];
      if (id !== clientId || secret !== clientSecret) return send(res, 401, { error: 'invalid_client' });
      const grant = grants.get(form.get('code') ?? '');
      grants.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const problem = !grant
        ? 'unknown or used code'
        : grant.redirectUri !== form.get('redirect_uri')
          ? `redirect_uri ${form.get('redirect_uri')} does not match ${grant.redirectUri}`
          : b64url(createHash('sha256').update(verifier).digest()) !== grant.challenge
            ? 'code_verifier does not match the challenge'
            : null;
      if (!grant || problem) return send(res, 400, { error: 'invalid_grant', error_description: problem });
      const accessToken = randomBytes(16).toString('hex');
      tokens.set(accessToken, grant.email);
      return send(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, scope: 'openid email profile', id_token: idToken(grant) });
    }
    if (url.pathname === '/userinfo') {
      const email = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!email) return send(res, 401, { error: 'invalid_token' });
      return send(res, 200, { sub: `user-${email}`, email, email_verified: true, name: email.split('@')[0] });
    }
    return send(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
