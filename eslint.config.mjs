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
  { ignores: ['.next*/**', 'node_modules/**', '.data/**', 'drizzle/**', 'next-env.d.ts'] },
];

export default config;
