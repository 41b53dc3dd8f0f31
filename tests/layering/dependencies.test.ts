import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The other half of import/no-extraneous-dependencies (eslint.config.mjs): every package declared
// in package.json is used, so none lingers after the code that needed it is gone.
const root = path.join(import.meta.dirname, '..', '..');

// Used without an import in our sources: command-line tools, config plugins and type packages.
const USED_OTHERWISE: Record<string, string> = {
  '@types/node': 'types',
  '@types/react': 'types',
  '@types/react-dom': 'types',
  '@types/twitter-text': 'types',
  eslint: 'npm run lint',
  typescript: 'npm run typecheck',
  'react-dom': 'Next.js renders with it',
  '@tailwindcss/postcss': 'a plugin named in postcss.config.mjs',
};

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function importedPackages(): Set<string> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(ts|tsx|mjs|js|css)$/.test(file));
  const found = new Set<string>();
  const pattern = /(?:from\s+|import\s*\(\s*|import\s+|require\s*\(\s*|@import\s+)['"]([^'"./][^'"]*)['"]/g;
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(pattern)) found.add(packageOf(match[1]!));
  }
  return found;
}

describe('package.json', () => {
  it('declares only packages the project uses', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
    const imported = importedPackages();
    const unused = declared.filter((name) => !imported.has(name) && !(name in USED_OTHERWISE));
    expect(unused).toEqual([]);
  });
});
