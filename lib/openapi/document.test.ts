import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './document';

describe('openApiDocument', () => {
  it('is OpenAPI 3.1 with the task endpoints and schemas from the handlers', () => {
    const doc = openApiDocument() as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/tasks', '/tasks/batch', '/tasks/{id}', '/tasks/{id}/attempts', '/preview']));
    expect(doc.components.schemas.CreateTask.properties.maxAttempts).toMatchObject({ minimum: 1, maximum: 20 });
    expect(doc.components.schemas.CreateTask.required).toEqual(expect.arrayContaining(['kind', 'input']));
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('shows both forms of a condition, with every reference resolving inside the document', () => {
    const doc = openApiDocument() as any;
    const forms = doc.components.schemas.CreateTemplate.properties.condition.anyOf[0].anyOf;
    expect(forms[0]).toMatchObject({ type: 'string', maxLength: 2000 });
    expect(forms[1].oneOf.map((o: any) => o.properties.op.enum ?? [o.properties.op.const]).flat()).toEqual(['all', 'any', 'not', 'eq', 'ne', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists', 'empty']);
    expect(doc.components.schemas.ConditionRule.oneOf).toHaveLength(5);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toContain('#/components/schemas/ConditionRule');
    for (const ref of refs) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
    expect(doc.paths['/templates/{id}/unpublish'].post.responses['200']).toBeDefined();
  });
});

// Every route file under app/api/v1 and every method it exports, as OpenAPI `path method` pairs.
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const v1 = path.join(import.meta.dirname, '..', '..', 'app', 'api', 'v1');
// The catch-all only answers 404 for unknown paths: nothing to document.
const UNDOCUMENTED = new Set(['[[...path]]']);

function routeOperations(): string[] {
  const found: string[] = [];
  for (const file of readdirSync(v1, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(file) !== 'route.ts') continue;
    const dir = path.dirname(file);
    if (dir.split(path.sep).some((part) => UNDOCUMENTED.has(part))) continue;
    const route = `/${dir === '.' ? '' : dir.split(path.sep).join('/')}`.replace(/\[(\w+)\]/g, '{$1}');
    const source = readFileSync(path.join(v1, file), 'utf8');
    for (const method of METHODS) {
      if (new RegExp(`export\\s+(const|async\\s+function|function)\\s+${method}\\b|export\\s*\\{[^}]*\\b${method}\\b[^}]*\\}`).test(source)) {
        found.push(`${method.toLowerCase()} ${route}`);
      }
    }
  }
  return found.sort();
}

function documentedOperations(): string[] {
  const paths = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths)
    .flatMap(([route, operations]) => Object.keys(operations).filter((key) => METHODS.includes(key.toUpperCase() as never)).map((method) => `${method} ${route}`))
    .sort();
}

describe('OpenAPI coverage of app/api/v1', () => {
  it('documents every method of every route file, and nothing that has no route', () => {
    const routes = routeOperations();
    expect(routes.length).toBeGreaterThan(30);
    expect(documentedOperations()).toEqual(routes);
  });
});
