import { connectKindInfo, type ConnectKind } from '@/lib/connect/kinds';

export type ConnectOption = { kind: ConnectKind; available: boolean; reason?: string };

const linkClass =
  'inline-flex min-h-10 items-center justify-center rounded bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-slate-900';

/** "Connect X" and friends: each goes through the provider's own consent page (in development, the sandbox's). */
export function ConnectPanel({ options, sandbox }: { options: ConnectOption[]; sandbox: boolean }) {
  return (
    <section aria-labelledby="connect-heading" className="space-y-3">
      <div>
        <h2 id="connect-heading" className="font-medium">
          Connect an account
        </h2>
        <p className="text-sm text-slate-600">
          You approve Outpost on the provider&apos;s own page; Outpost stores what it hands back encrypted and never shows it again.
          {sandbox ? ' In this instance the providers are the built-in sandbox, so nothing leaves your machine.' : ''}
        </p>
      </div>
      <ul className="grid gap-3 sm:grid-cols-2">
        {options.map(({ kind, available, reason }) => {
          const info = connectKindInfo[kind];
          return (
            <li key={kind} className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4" data-testid={`connect-${kind}`}>
              <div>
                <h3 className="font-medium">{info.provider}</h3>
                <p className="text-sm text-slate-600">{info.description}</p>
              </div>
              {!available ? (
                <p className="text-sm text-slate-500">{reason}</p>
              ) : kind === 'wordpress' ? (
                <form method="get" action="/connect/wordpress" className="flex flex-col gap-2 sm:flex-row sm:items-end">
                  <label className="block flex-1" htmlFor="wordpress-site">
                    <span className="text-sm font-medium text-slate-700">Your site&apos;s address</span>
                    <input
                      id="wordpress-site"
                      name="site"
                      required
                      inputMode="url"
                      autoComplete="url"
                      placeholder="https://blog.example.com"
                      className="mt-1 block w-full rounded border border-slate-300 bg-white px-3 py-2 text-sm"
                    />
                  </label>
                  <button type="submit" className={linkClass}>
                    Connect WordPress site
                  </button>
                </form>
              ) : (
                <a href={`/connect/${kind}`} className={`${linkClass} self-start`}>
                  Connect {info.provider}
                </a>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
