/** Environment values that point Outpost at a sandbox running at `sandboxUrl`. */
export function sandboxProviderBases(sandboxUrl: string) {
  const url = sandboxUrl.replace(/\/+$/, '');
  return {
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
