import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The Grafana dashboard and the alert rules name only metrics Outpost exposes: a renamed metric
// would otherwise leave an empty panel, or an alert that never fires.
const root = path.join(import.meta.dirname, '..', '..');
const files = ['scripts/observability/grafana-dashboard.json', 'scripts/observability/alert-rules.yml'];

function sources(dir: string): string {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => readFileSync(path.join(root, dir, file), 'utf8'))
    .join('\n');
}

describe('scripts/observability', () => {
  it('uses only metric names some process registers', () => {
    const code = sources('lib');
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      const names = new Set([...text.matchAll(/\b(outpost_[a-z_]+)/g)].map((m) => m[1]!.replace(/_(bucket|count|sum)$/, '')));
      expect(names.size, file).toBeGreaterThanOrEqual(3);
      for (const name of names) expect(code.includes(`'${name}'`), `${file}: ${name}`).toBe(true);
    }
  });

  it('is a dashboard Grafana can import', () => {
    const dashboard = JSON.parse(readFileSync(path.join(root, files[0]!), 'utf8')) as { panels: { targets: { expr: string }[] }[] };
    expect(dashboard.panels.length).toBeGreaterThan(10);
    for (const panel of dashboard.panels) expect(panel.targets[0]!.expr).toMatch(/\w/);
  });
});
