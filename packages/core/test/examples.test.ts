import {
  checkUpdateRequest,
  openApiDocument,
  validateUpdateBody,
  validateUpdateResponse,
} from '@mldeploy/core';
import { officialUpdateRequestExample, officialUpdateResponseExamples } from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';

describe('official examples against the schemas', () => {
  it.each(officialUpdateResponseExamples.map((e) => [e.source, e.json] as const))(
    'validates the response example from %s',
    (_source, json) => {
      const result = validateUpdateResponse(JSON.parse(json));
      expect(result.ok ? [] : result.issues).toEqual([]);
    },
  );

  it('rejects a response whose integers are floats, which the official OpenAPI would allow', () => {
    const example = JSON.parse(officialUpdateResponseExamples[0]?.json ?? '{}');
    example.assignment.task_parameters.number_of_allocations = 472.75;
    expect(validateUpdateResponse(example).ok).toBe(false);
  });

  it('accepts the request example once its string value is parsed, and the rules accept it', () => {
    expect(validateUpdateBody(JSON.parse(officialUpdateRequestExample)).ok).toBe(true);
    const checked = checkUpdateRequest({
      modelId: 'elastic__distilbert-base-uncased-finetuned-conll03-english',
      body: officialUpdateRequestExample,
    });
    expect(checked.ok && checked.value.number_of_allocations).toBe(4);
  });

  it('rejects the request example as the official OpenAPI ships it: a JSON string', () => {
    const r = checkUpdateRequest({ modelId: 'm', body: JSON.stringify(officialUpdateRequestExample) });
    expect(r.ok).toBe(false);
    expect(validateUpdateBody(officialUpdateRequestExample).ok).toBe(false);
  });
});

describe('generated documents', () => {
  it('types allocations as integers with minimums, unlike the official OpenAPI', () => {
    const doc = openApiDocument() as {
      paths: Record<
        string,
        {
          post?: {
            requestBody: {
              content: { 'application/json': { schema: { properties: Record<string, unknown> } } };
            };
          };
        }
      >;
    };
    const body =
      doc.paths['/_ml/trained_models/{model_id}/deployment/_update']?.post?.requestBody.content[
        'application/json'
      ].schema;
    expect(body?.properties.number_of_allocations).toMatchObject({ type: 'integer', minimum: 1 });
    expect(JSON.stringify(doc)).not.toContain('"$ref":"ErrorCause"');
  });
});
