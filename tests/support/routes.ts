import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './processes';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];
/** A route file under app/api/v1: its path template (`/tasks/[id]`), methods, and whether it reads a JSON body. */
export type Route = { template: string; methods: Method[]; readsBody: boolean };

/** Every route file under app/api/v1 and the methods it exports (read from disk: a new route is found on its own). */
export function discoverRoutes(): Route[] {
  const root = path.join(projectRoot, 'app', 'api', 'v1');
  const routes: Route[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === 'route.ts') {
        const source = readFileSync(full, 'utf8');
        const methods = METHODS.filter((m) => new RegExp(`export\\s+(const|async\\s+function|function)\\s+${m}\\b|export\\s*\\{[^}]*\\b${m}\\b`).test(source));
        const template = '/' + path.relative(root, dir).split(path.sep).join('/');
        routes.push({ template: template === '/' ? '' : template, methods, readsBody: /\b(readJson|parseJsonBody)\(/.test(source) });
      }
    }
  };
  walk(root);
  return routes.sort((a, b) => a.template.localeCompare(b.template));
}
