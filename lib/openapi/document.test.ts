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
