import { FaultBook } from './faults';
import type { Provider, SandboxSettings } from './provider';
import { DiscordProvider } from './providers/discord';
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

  state(): SandboxState {
    const wp = this.wordpress.store;
    return {
      x: { users: [...this.x.store.users.values()], tweets: [...this.x.store.tweets.values()] },
      wordpress: {
        users: wp.users.map(({ id, username, name, role }) => ({ id, username, name, role })),
        posts: wp.posts,
        categories: wp.termsOf('category'),
        tags: wp.termsOf('post_tag'),
      },
      slack: { messages: this.slack.messages },
      discord: { messages: this.discord.messages },
    };
  }
}
