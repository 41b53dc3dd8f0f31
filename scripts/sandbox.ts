// `tsx scripts/sandbox.ts`: the sandbox providers on their own, on OUTPOST_SANDBOX_PORT (4400).
import { loadLocalEnv } from './lib/bootstrap.mjs';
import { startSandbox } from '../lib/sandbox/server';
import { sandboxProviderBases, sandboxWordPressSiteUrl } from '../lib/sandbox/urls';
import { DEFAULT_APPLICATION_PASSWORD, DEFAULT_USERNAME } from '../lib/sandbox/providers/wordpress/store';

// The control API's token comes from .env.local (generated there on first use, like npm start does).
loadLocalEnv();
const port = Number(process.env.OUTPOST_SANDBOX_PORT ?? 4400);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`OUTPOST_SANDBOX_PORT must be a port number, got ${process.env.OUTPOST_SANDBOX_PORT}`);
  process.exit(1);
}

const sandbox = await startSandbox({ port, host: process.env.OUTPOST_SANDBOX_HOST ?? '127.0.0.1' });
console.log(sandbox.url);
console.log(`  control API      ${sandbox.url}/_control/requests (header x-sandbox-token: OUTPOST_SANDBOX_TOKEN from .env.local)`);
for (const [name, value] of Object.entries(sandboxProviderBases(sandbox.url))) console.log(`  ${name}=${value}`);
console.log(`  WordPress site   ${sandboxWordPressSiteUrl(sandbox.url)} (user "${DEFAULT_USERNAME}", application password "${DEFAULT_APPLICATION_PASSWORD}")`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
