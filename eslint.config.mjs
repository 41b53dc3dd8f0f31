import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    // `_name` marks a value left out on purpose (rest destructuring to drop a field).
    rules: { '@typescript-eslint/no-unused-vars': ['warn', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }] },
  },
  {
    // Tests read loosely-typed JSON bodies; Playwright fixtures call `use`, which is not React's hook.
    files: ['tests/**', 'e2e/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // DESIGN §1's "never" arrows. Paths are resolved (the `@/` alias and relative imports alike).
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './lib/integrations',
              from: ['./lib/db', './lib/queue'],
              message: 'DESIGN §1: an integration renders and delivers; storage and queues belong to the engine, reached through the DeliveryContext.',
            },
            {
              target: './lib/integrations',
              from: './lib/credentials',
              // Provider endpoints and the token client hold no storage; everything else does.
              except: ['./providers.ts', './token-endpoint.ts'],
              message: 'DESIGN §1: connection storage and refresh belong to lib/credentials; an integration gets fresh credentials through DeliveryContext.refreshSecret.',
            },
            { target: './lib/tasks', from: './app', message: 'DESIGN §1: the task engine is domain code; app/ calls lib/, never the reverse.' },
            {
              target: './jobs',
              from: ['./app', './components'],
              message: 'DESIGN §1: the worker runs domain code from lib/, never pages, routes or components.',
            },
          ],
        },
      ],
    },
  },
  {
    // Every package imported is declared (a transitive one can vanish on any install).
    rules: { 'import/no-extraneous-dependencies': ['error', { devDependencies: true, includeTypes: true }] },
  },
  {
    // pg-boss's dist/ modules are private: an upgrade may change them under the same major version.
    // The one test that compares our vendored copy against them is the exception.
    ignores: ['tests/engine/notify-channel.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['pg-boss/dist/*'], message: 'Use the public pg-boss API, or vendor the piece (see bossNotifyChannel).' }] }] },
  },
  { ignores: ['.next*/**', 'node_modules/**', '.data/**', 'drizzle/**', 'next-env.d.ts'] },
];

export default config;
