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
});
