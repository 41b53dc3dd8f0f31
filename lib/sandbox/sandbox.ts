import { FaultBook } from './faults';
import { basicCredentials, bearerToken, type ProviderRequest } from './http';
import { discordWebhookIdFor, isSandboxNamespace } from './namespace';
import type { Provider, SandboxSettings } from './provider';
import { DiscordProvider, parseWebhook as parseDiscordWebhook } from './providers/discord';
import { HttpReceiver } from './providers/http-receiver';
import { SlackProvider } from './providers/slack';
import { WordPressProvider } from './providers/wordpress';
import { XProvider } from './providers/x';
import { RequestRecorder } from './recorder';
import type { SandboxState, Target } from './types';

/** Everything one sandbox server holds in memory. */
export class Sandbox {
  readonly settings: SandboxSettings = { enforceLimits: false };
  readonly recorder = new RequestRecorder();
  readonly faults = new FaultBook();
  readonly slack = new SlackProvider(this.settings);
  readonly discord = new DiscordProvider(this.settings);
  readonly x = new XProvider(this.settings);
  readonly wordpress = new WordPressProvider();
  readonly http = new HttpReceiver();

  provider(target: Target): Provider {
    return this[target];
  }

  reset(): void {
    this.settings.enforceLimits = false;
    this.recorder.clear();
    this.faults.clear();
    this.slack.reset();
    this.discord.reset();
    this.x.reset();
    this.wordpress.reset();
  }

  /**
   * Whose request this is (DESIGN §7): the namespace in the path (HTTP receiver, Slack team,
   * Discord webhook token), or the namespace-named user behind the credentials (WordPress, X).
   */
  namespaceOf(target: Target, req: ProviderRequest): string | null {
    const segments = req.path.split('/').filter(Boolean);
    const found = (() => {
      switch (target) {
        case 'http':
          return segments[0];
        case 'slack':
          return segments[0] === 'services' ? segments[1] : undefined;
        case 'discord': {
          const hook = parseDiscordWebhook(req.path);
          const namespace = hook?.token.split('-', 1)[0];
          if (!hook || !namespace || !isSandboxNamespace(namespace)) return undefined;
          return hook.id === discordWebhookIdFor(namespace) || this.discord.namespaceOfWebhook(hook.id) === namespace ? namespace : undefined;
        }
        case 'wordpress':
          return req.mount === 'wp' ? basicCredentials(req)?.username : this.wordpress.wpcom.usernameForToken(bearerToken(req));
        case 'x':
          return this.x.store.userForAccessToken(bearerToken(req))?.username;
      }
    })();
    return isSandboxNamespace(found) ? found : null;
  }

  /** What the providers hold; with a namespace, only what that namespace's requests created. */
  state(namespace?: string): SandboxState {
    const wp = this.wordpress.store;
    const mine = (username: string) => namespace === undefined || username === namespace;
    const xUsers = [...this.x.store.users.values()].filter((u) => mine(u.username));
    const xIds = new Set(xUsers.map((u) => u.id));
    const wpUsers = wp.users.filter((u) => mine(u.username));
    const wpIds = new Set(wpUsers.map((u) => u.id));
    return {
      x: { users: xUsers, tweets: [...this.x.store.tweets.values()].filter((t) => namespace === undefined || xIds.has(t.authorId)) },
      wordpress: {
        users: wpUsers.map(({ id, username, name, role }) => ({ id, username, name, role })),
        posts: wp.posts.filter((p) => namespace === undefined || wpIds.has(p.authorId)),
        categories: wp.termsOf('category'),
        tags: wp.termsOf('post_tag'),
      },
      slack: { messages: this.slack.messages.filter((m) => namespace === undefined || m.webhook.startsWith(`${namespace}/`)) },
      discord: {
        messages: this.discord.messages.filter(
          (m) => namespace === undefined || m.webhookId === discordWebhookIdFor(namespace) || this.discord.namespaceOfWebhook(m.webhookId) === namespace,
        ),
      },
    };
  }
}
