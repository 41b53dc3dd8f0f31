import 'server-only';
import { z } from 'zod';
import { allowedTargets } from '@/lib/allowed-targets';
import { env } from '@/lib/env';
import { parseDiscordWebhookUrl } from '@/lib/integrations/discord-webhook/webhook-url';
import { parseSlackWebhookUrl } from '@/lib/integrations/slack-webhook/webhook-url';
import { prepareXConnection } from '@/lib/integrations/twitter-thread/connection';
import { prepareWordPressConnection, verifyWordPressComToken } from '@/lib/integrations/wordpress-post/connection';
import { normalizeSiteUrl } from '@/lib/integrations/wordpress-post/wp-http';
import type { TokenAnswer } from './exchange';
import type { ConnectKind } from './kinds';
import { connectKindInfo } from './kinds';
import type { ConnectedAccount } from './store';

/** The account part of a connection; the flow adds owner and label. */
export type Identified = Omit<ConnectedAccount, 'userId' | 'label'> & { defaultLabel: string };
export type IdentityResult = { ok: true; account: Identified } | { ok: false; detail: string };

const slackAnswer = z.object({
  access_token: z.string(),
  team: z.object({ id: z.string(), name: z.string().optional() }),
  incoming_webhook: z.object({ url: z.string(), channel: z.string(), channel_id: z.string(), configuration_url: z.string().optional() }),
});

const discordAnswer = z.object({
  access_token: z.string(),
  refresh_token: z.string().optional(),
  webhook: z.object({ id: z.string(), token: z.string(), url: z.string(), channel_id: z.string(), guild_id: z.string(), name: z.string().optional() }),
});

const wpcomAnswer = z.object({ access_token: z.string(), blog_id: z.coerce.string(), blog_url: z.string() });

const expiry = (tokens: TokenAnswer): Date | null => (typeof tokens.expires_in === 'number' ? new Date(Date.now() + tokens.expires_in * 1000) : null);

/** Reads who and what was connected from the token answer (and the provider's API where needed). */
export async function identify(kind: Exclude<ConnectKind, 'wordpress'>, tokens: TokenAnswer): Promise<IdentityResult> {
  const integration = connectKindInfo[kind].integration;
  switch (kind) {
    case 'x': {
      const expiresAt = expiry(tokens);
      const secret = { accessToken: tokens.access_token, ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}), ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) };
      try {
        // GET /2/users/me, the check a pasted token gets too.
        const prepared = await prepareXConnection(secret, { allowedTargets: allowedTargets() });
        const username = String(prepared.metadata.username);
        return {
          ok: true,
          account: {
            kind: integration,
            externalAccountId: String(prepared.metadata.userId),
            secret: prepared.secret as Record<string, unknown>,
            hint: prepared.hint,
            metadata: { ...prepared.metadata, account: `@${username}`, via: 'oauth' },
            oauthProvider: 'x',
            tokenExpiresAt: prepared.tokenExpiresAt ?? expiresAt,
            defaultLabel: `@${username}`,
          },
        };
      } catch (error) {
        return { ok: false, detail: (error as Error).message };
      }
    }
    case 'slack': {
      const parsed = slackAnswer.safeParse(tokens);
      if (!parsed.success) return { ok: false, detail: 'oauth.v2.access answered without incoming_webhook' };
      const { team, incoming_webhook: hook } = parsed.data;
      const webhook = parseSlackWebhookUrl(hook.url, env().OUTPOST_SLACK_WEBHOOK_BASE);
      if (!webhook.ok) return { ok: false, detail: `the webhook URL Slack returned is not usable: ${webhook.message}` };
      return {
        ok: true,
        account: {
          kind: integration,
          externalAccountId: `${team.id}/${hook.channel_id}`,
          secret: { webhookUrl: hook.url, accessToken: parsed.data.access_token },
          oauthProvider: 'slack',
          hint: webhook.webhook.hint,
          metadata: {
            team: team.id,
            teamName: team.name ?? team.id,
            channel: hook.channel,
            channelId: hook.channel_id,
            bot: webhook.webhook.bot,
            account: team.name ?? team.id,
            via: 'oauth',
            ...(hook.configuration_url ? { configurationUrl: hook.configuration_url } : {}),
          },
          tokenExpiresAt: null,
          defaultLabel: `${hook.channel} (${team.name ?? team.id})`,
        },
      };
    }
    case 'discord': {
      const parsed = discordAnswer.safeParse(tokens);
      if (!parsed.success) return { ok: false, detail: 'the token answer carried no webhook' };
      const { webhook } = parsed.data;
      const checked = parseDiscordWebhookUrl(webhook.url, env().OUTPOST_DISCORD_API_BASE);
      if (!checked.ok) return { ok: false, detail: `the webhook URL Discord returned is not usable: ${checked.message}` };
      const expiresAt = expiry(tokens);
      return {
        ok: true,
        account: {
          kind: integration,
          externalAccountId: `${webhook.guild_id}/${webhook.channel_id}`,
          secret: {
            webhookUrl: webhook.url,
            accessToken: parsed.data.access_token,
            ...(parsed.data.refresh_token ? { refreshToken: parsed.data.refresh_token } : {}),
            ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
          },
          oauthProvider: 'discord',
          hint: checked.webhook.hint,
          metadata: {
            webhookId: webhook.id,
            guildId: webhook.guild_id,
            channelId: webhook.channel_id,
            channel: `channel ${webhook.channel_id}`,
            ...(webhook.name ? { webhookName: webhook.name } : {}),
            account: `server ${webhook.guild_id}`,
            via: 'oauth',
            verified: 'oauth',
          },
          // The webhook URL keeps working when the OAuth token expires; the token only matters for revoking.
          tokenExpiresAt: null,
          defaultLabel: `Discord channel ${webhook.channel_id}`,
        },
      };
    }
    case 'wordpress-com': {
      const parsed = wpcomAnswer.safeParse(tokens);
      if (!parsed.success) return { ok: false, detail: 'the token answer carried no blog_id and blog_url' };
      let blogUrl: string;
      try {
        blogUrl = normalizeSiteUrl(parsed.data.blog_url);
      } catch {
        return { ok: false, detail: 'blog_url is not a URL' };
      }
      const secret = { accessToken: parsed.data.access_token, blogId: parsed.data.blog_id, blogUrl };
      const me = await verifyWordPressComToken(secret, { allowedTargets: allowedTargets() });
      if (!me.ok) return { ok: false, detail: me.message };
      const user = me.me.slug ?? me.me.name ?? String(me.me.id);
      return {
        ok: true,
        account: {
          kind: integration,
          externalAccountId: `wpcom:${secret.blogId}`,
          secret,
          oauthProvider: 'wpcom',
          hint: `${user} @ ${new URL(blogUrl).host} (WordPress.com)`,
          metadata: { siteUrl: blogUrl, blogId: secret.blogId, username: user, userId: me.me.id, account: user, wordpressCom: true, via: 'oauth' },
          tokenExpiresAt: null,
          defaultLabel: new URL(blogUrl).host,
        },
      };
    }
  }
}

/** Self-hosted WordPress: the application password the authorization page handed back, verified. */
export async function identifyWordPressSite(expectedSite: string, answer: { siteUrl: string; userLogin: string; password: string }): Promise<IdentityResult | { ok: false; mismatch: true }> {
  let site: string;
  try {
    site = normalizeSiteUrl(answer.siteUrl);
  } catch {
    return { ok: false, detail: 'site_url is not a URL' };
  }
  if (site !== normalizeSiteUrl(expectedSite)) return { ok: false, mismatch: true };
  try {
    const prepared = await prepareWordPressConnection({ siteUrl: site, username: answer.userLogin, applicationPassword: answer.password }, { allowedTargets: allowedTargets() });
    return {
      ok: true,
      account: {
        kind: 'wordpress-post',
        externalAccountId: `${site}|${answer.userLogin.toLowerCase()}`,
        secret: prepared.secret as Record<string, unknown>,
        hint: prepared.hint,
        metadata: { ...prepared.metadata, account: answer.userLogin, via: 'authorize-application' },
        tokenExpiresAt: null,
        defaultLabel: new URL(site).host + (new URL(site).pathname === '/' ? '' : new URL(site).pathname),
      },
    };
  } catch (error) {
    const details = (error as { details?: { message: string }[] }).details;
    return { ok: false, detail: details?.[0]?.message ?? (error as Error).message };
  }
}
