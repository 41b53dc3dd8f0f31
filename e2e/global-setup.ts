// The e2e suite runs against the same stack as the integration tests: database, sandbox, web, worker.
import setup from '../tests/support/global-setup';

export default async function globalSetup() {
  return setup();
}
