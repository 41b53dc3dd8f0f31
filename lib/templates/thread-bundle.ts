import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The render thread's entry is TypeScript under lib/, and it must start the same way in the
// Next.js production server (whose own bundle cannot host a worker_threads entry), the worker
// process (tsx) and vitest (vite). So each process compiles it once, on first use, with esbuild
// into one plain ESM file. npm packages stay external imports; the file is written under
// node_modules/.cache so Node resolves them from the project's node_modules. The name carries a
// hash of the code: processes built from the same sources share a file, a change gets a new one.

const ENTRY = path.join('lib', 'templates', 'render-thread.ts');
// Renders (and a replacement thread's start-up) may yield the CPU to the process's event loop
// (OUTPOST_RENDER_THREAD_NICE): on Linux the nice value is per thread, so this lowers only the
// render thread (elsewhere it would lower the whole process, so it is left alone there). Set before
// the bundle's imports are loaded; read when the thread starts.
const entryWrapper = (bundle: string) => `import { setPriority } from 'node:os';
const nice = Number(process.env.OUTPOST_RENDER_THREAD_NICE ?? '0');
if (process.platform === 'linux' && Number.isInteger(nice) && nice > 0 && nice <= 19) {
  try {
    setPriority(0, nice);
  } catch {
    // not permitted here: renders still run, at normal priority
  }
}
const { default: run } = await import(${JSON.stringify(`./${bundle}`)});
export default run;
`;
const STALE_BUNDLE_MS = 24 * 60 * 60 * 1000;

function projectRoot(): string {
  const root = process.env.OUTPOST_ROOT ?? process.cwd();
  if (!existsSync(path.join(root, ENTRY))) {
    throw new Error(`render threads: ${ENTRY} not found under ${root}; start Outpost from its directory or set OUTPOST_ROOT`);
  }
  return root;
}

/** Written aside and renamed, so a concurrent process never loads half a file. */
function writeOnce(file: string, text: string): void {
  if (existsSync(file)) return;
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}

function pruneOldBundles(dir: string, keep: string[]): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (keep.includes(file) || !name.startsWith('render-thread-')) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > STALE_BUNDLE_MS) rmSync(file, { force: true });
    } catch {
      // another process pruned it first
    }
  }
}

async function build(): Promise<string> {
  const root = projectRoot();
  // Kept out of Next's bundle by serverExternalPackages (next.config.ts).
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [path.join(root, ENTRY)],
    absWorkingDir: root,
    tsconfig: path.join(root, 'tsconfig.json'),
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.text;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = path.join(root, 'node_modules', '.cache', 'outpost');
  const bundle = `render-thread-${hash}.mjs`;
  const file = path.join(dir, `render-thread-${hash}-entry.mjs`);
  mkdirSync(dir, { recursive: true });
  writeOnce(path.join(dir, bundle), code);
  writeOnce(file, entryWrapper(bundle));
  pruneOldBundles(dir, [file, path.join(dir, bundle)]);
  return file;
}

let built: Promise<string> | undefined;

/** The path of the compiled render-thread entry, built once per process. */
export function renderThreadFile(): Promise<string> {
  built ??= build().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}
