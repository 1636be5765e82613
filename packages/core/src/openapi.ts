import type { TSchema } from '@sinclair/typebox';
import { ROUTES, type RouteDescriptor } from './routes.js';
import { ErrorCause } from './schemas/error-envelope.js';

/** A plain JSON copy of a TypeBox schema (drops TypeBox's symbol keys). */
export function toJsonSchema(schema: TSchema): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
}

/** JSON Schema documents for every request part and response, keyed by file name. */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDescriptor[]) {
    const base = route.name.replace(/^ml\./, '').replace(/_/g, '-');
    const add = (part: string, schema: TSchema) => {
      out[`${base}.${part}.json`] = {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `https://mldeploy.dev/schema/${base}.${part}.json`,
        title: `${route.summary}: ${part}`,
        ...toJsonSchema(schema),
        ...(usesErrorCause(schema) ? { $defs: { ErrorCause: toJsonSchema(ErrorCause) } } : {}),
      };
    };
    add('query', route.query);
    if (route.body) {
      add('body', route.body);
    }
    add('response', route.responses[200]);
  }
  out['error-envelope.json'] = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://mldeploy.dev/schema/error-envelope.json',
    title: 'Elasticsearch error envelope',
    ...toJsonSchema(ROUTES[0].error),
    $defs: { ErrorCause: toJsonSchema(ErrorCause) },
  };
  return fixRefs(out) as Record<string, Record<string, unknown>>;
}

/** An OpenAPI 3.1 document for these endpoints: integers as integers, minimums, real examples. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES as readonly RouteDescriptor[]) {
    for (const path of route.paths) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
      const query = toJsonSchema(route.query) as { properties?: Record<string, Record<string, unknown>> };
      const operation: Record<string, unknown> = {
        operationId: `${route.name.replace(/\./g, '-').replace(/_/g, '-')}${path === route.paths[0] ? '' : '-all'}`,
        summary: route.summary,
        description: `Required cluster privileges: one of ${route.privileges.map((p) => `\`${p}\``).join(', ')}. Available since Elasticsearch ${route.since}.`,
        'x-action': route.action,
        parameters: [
          ...pathParams.map((name) => ({
            in: 'path',
            name,
            required: true,
            schema: { type: 'string', minLength: 1 },
            description:
              route.name.includes('update') || route.name.includes('stop')
                ? 'The deployment id.'
                : 'The model id.',
          })),
          ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({
            in: 'query',
            name,
            required: false,
            schema,
            ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
          })),
        ],
        responses: {
          200: {
            description: 'OK',
            headers: { 'x-elastic-product': { schema: { type: 'string', const: 'Elasticsearch' } } },
            content: { 'application/json': { schema: toJsonSchema(route.responses[200]) } },
          },
          default: {
            description: 'An Elasticsearch error.',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
          },
        },
      };
      if (route.body) {
        operation.requestBody = {
          required: false,
          content: {
            'application/json': {
              schema: toJsonSchema(route.body),
              ...(route.name === 'ml.update_trained_model_deployment'
                ? {
                    examples: {
                      fixed: { summary: 'Four allocations', value: { number_of_allocations: 4 } },
                      adaptive: {
                        summary: 'Adaptive allocations between 1 and 8',
                        value: {
                          adaptive_allocations: {
                            enabled: true,
                            min_number_of_allocations: 1,
                            max_number_of_allocations: 8,
                          },
                        },
                      },
                      disable: {
                        summary: 'Turn adaptive allocations off and fix the number',
                        value: { number_of_allocations: 3, adaptive_allocations: { enabled: false } },
                      },
                    },
                  }
                : {}),
            },
          },
        };
      }
      paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
    }
  }
  return fixRefs({
    openapi: '3.1.0',
    info: {
      title: 'Elasticsearch trained model deployment APIs (mldeploy contract)',
      version: '0.1.0',
      description: 'Generated by @mldeploy/core from its TypeBox schemas. Do not edit.',
    },
    paths,
    components: {
      schemas: {
        ErrorEnvelope: toJsonSchema(ROUTES[0].error),
        ErrorCause: toJsonSchema(ErrorCause),
      },
    },
  }) as Record<string, unknown>;
}

function usesErrorCause(schema: TSchema): boolean {
  return JSON.stringify(schema).includes('"$ref":"ErrorCause"');
}

// TypeBox references `ErrorCause` by id; point those references at the document's definitions.
function fixRefs(value: unknown, inComponents = false): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => fixRefs(v, inComponents));
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const isDoc = entries.some(([k]) => k === 'openapi');
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      if (k === '$ref' && v === 'ErrorCause') {
        out[k] = inComponents ? '#/components/schemas/ErrorCause' : '#/$defs/ErrorCause';
      } else if (k === '$id' && v === 'ErrorCause') {
        // the id only served the reference
      } else {
        out[k] = fixRefs(v, inComponents || isDoc);
      }
    }
    return out;
  }
  return value;
}
