// The unit project boots no stack: just the secrets lib/env.ts insists on, random for each run.
import { testSecrets } from './test-env';

for (const [name, value] of Object.entries(testSecrets())) process.env[name] ??= value;
