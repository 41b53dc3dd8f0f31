import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './bootstrap.mjs';

const sourceDirs = ['app', 'lib', 'components', 'types'];
const sourceFiles = ['next.config.ts', 'proxy.ts', 'package-lock.json', 'postcss.config.mjs', 'instrumentation.ts', 'tsconfig.json'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** True when the production build in `distDir` is missing or older than any source it is built from. */
export function buildIsStale(distDir = '.next') {
  const buildId = path.join(root, distDir, 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const newest = Math.max(
    ...sourceDirs.map((d) => path.join(root, d)).filter(existsSync).map(newestMtime),
    ...sourceFiles.map((f) => path.join(root, f)).filter(existsSync).map((f) => statSync(f).mtimeMs),
  );
  return newest > built;
}

export const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
