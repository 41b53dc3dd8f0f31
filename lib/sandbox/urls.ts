import { discordWebhookIdFor } from './namespace';
import { SANDBOX_OAUTH_CLIENTS } from './oauth/clients';
import { DEFAULT_APPLICATION_PASSWORD } from './providers/wordpress/store';

/** Environment values that point Outpost at a sandbox running at `sandboxUrl`. */
export function sandboxProviderBases(sandboxUrl: string) {
  const url = sandboxUrl.replace(/\/+$/, '');
  return {
    ...sandboxOAuthClients(url),
    OUTPOST_SLACK_WEBHOOK_BASE: `${url}/slack`,
    OUTPOST_DISCORD_API_BASE: `${url}/discord/api`,
    OUTPOST_X_API_BASE: `${url}/x`,
    OUTPOST_X_AUTHORIZE_URL: `${url}/x/i/oauth2/authorize`,
    OUTPOST_X_TOKEN_URL: `${url}/x/2/oauth2/token`,
    OUTPOST_X_REVOKE_URL: `${url}/x/2/oauth2/revoke`,
    OUTPOST_WPCOM_BASE: `${url}/wpcom`,
    /** The sandbox is on loopback, which Outpost's SSRF guard refuses unless listed. */
    OUTPOST_ALLOWED_TARGETS: new URL(url).host,
  };
}

/** The self-hosted WordPress site the sandbox serves (its REST API is at `/wp-json`). */
export function sandboxWordPressSiteUrl(sandboxUrl: string): string {
  return `${sandboxUrl.replace(/\/+$/, '')}/wp`;
}

/** A Slack incoming webhook URL the sandbox accepts. */
export function sandboxSlackWebhookUrl(sandboxUrl: string, ids = { team: 'T0SANDBOX', bot: 'B0SANDBOX', secret: 'sandboxsecret0000000000' }): string {
  return `${sandboxUrl.replace(/\/+$/, '')}/slack/services/${ids.team}/${ids.bot}/${ids.secret}`;
}

/** A Discord webhook URL the sandbox accepts. */
export function sandboxDiscordWebhookUrl(sandboxUrl: string, ids = { id: '1234567890123456789', token: 'sandbox-webhook-token' }): string {
  return `${sandboxUrl.replace(/\/+$/, '')}/discord/api/webhooks/${ids.id}/${ids.token}`;
}

/** OAuth endpoints and the clients registered with the sandbox's OAuth servers (connect flows). */
function sandboxOAuthClients(url: string) {
  return {
    OUTPOST_SLACK_OAUTH_BASE: `${url}/slack`,
    OUTPOST_DISCORD_OAUTH_BASE: `${url}/discord`,
    OUTPOST_X_CLIENT_ID: SANDBOX_OAUTH_CLIENTS.x.id,
    OUTPOST_SLACK_CLIENT_ID: SANDBOX_OAUTH_CLIENTS.slack.id,
    OUTPOST_SLACK_CLIENT_SECRET: SANDBOX_OAUTH_CLIENTS.slack.secret!,
    OUTPOST_DISCORD_CLIENT_ID: SANDBOX_OAUTH_CLIENTS.discord.id,
    OUTPOST_DISCORD_CLIENT_SECRET: SANDBOX_OAUTH_CLIENTS.discord.secret!,
    OUTPOST_WPCOM_CLIENT_ID: SANDBOX_OAUTH_CLIENTS.wpcom.id,
    OUTPOST_WPCOM_CLIENT_SECRET: SANDBOX_OAUTH_CLIENTS.wpcom.secret!,
  };
}

/**
 * The example values one user is shown (DESIGN §7): each carries their namespace, so what they send
 * lists on their Sandbox page only. WordPress and X know the namespace as the user name.
 */
export function sandboxExamplesFor(sandboxUrl: string, namespace: string) {
  const url = sandboxUrl.replace(/\/+$/, '');
  return {
    namespace,
    slackWebhookUrl: sandboxSlackWebhookUrl(url, { team: namespace, bot: 'B0SANDBOX', secret: 'sandboxsecret0000000000' }),
    discordWebhookUrl: sandboxDiscordWebhookUrl(url, { id: discordWebhookIdFor(namespace), token: `${namespace}-sandbox-webhook-token` }),
    wordpressSiteUrl: sandboxWordPressSiteUrl(url),
    wordpressUsername: namespace,
    wordpressApplicationPassword: DEFAULT_APPLICATION_PASSWORD,
    xUsername: namespace,
    httpReceiverUrl: `${url}/http/${namespace}/my-endpoint`,
  };
}
