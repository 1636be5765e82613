// PUT trained model as Elasticsearch parses and validates it. Facts ported from the YAML REST
// tests named in each case (elastic/elasticsearch, x-pack/plugin/src/yamlRestTest/.../ml/).
import { describe, expect, it } from 'vitest';
import { checkPutModelRequest } from '../src/rules/check-put-model-request.js';
import { MASK_TOKENS, TOKENIZATION_TYPES } from '../src/rules/nlp-config.js';

type Result = ReturnType<typeof checkPutModelRequest>;
const put = (body: unknown, modelId = 'm', query?: string): Result =>
  checkPutModelRequest({ modelId, body: JSON.stringify(body), query });
const error = (r: Result) => {
  expect(r.ok).toBe(false);
  return !r.ok ? (r.error.body as { error: { type: string; reason: string } }).error : undefined;
};
const config = (r: Result) => {
  expect(r.ok).toBe(true);
  return r.ok ? r.value.body.inference_config : undefined;
};
const pytorch = (inference_config: unknown) => ({ model_type: 'pytorch', inference_config });

describe('PUT trained model: fill_mask', () => {
  // 3rd_party_deployment.yml "Test getting and putting Fill Mask with two mask tokens, as well as
  // exceptions caused by requests with the wrong token"
  it('fills in the mask token of the tokenizer', () => {
    const bert = config(
      put(pytorch({ fill_mask: { tokenization: { bert: { with_special_tokens: false } } } })),
    );
    expect(bert?.fill_mask?.mask_token).toBe('[MASK]');
    const roberta = config(
      put(pytorch({ fill_mask: { tokenization: { roberta: { with_special_tokens: false } } } })),
    );
    expect(roberta?.fill_mask?.mask_token).toBe('<mask>');
  });

  it('accepts the tokenizer own mask token', () => {
    expect(put(pytorch({ fill_mask: { tokenization: { bert: {} }, mask_token: '[MASK]' } })).ok).toBe(true);
    expect(put(pytorch({ fill_mask: { tokenization: { roberta: {} }, mask_token: '<mask>' } })).ok).toBe(
      true,
    );
  });

  it('refuses a mask token of another tokenizer', () => {
    const wrong = put(pytorch({ fill_mask: { tokenization: { bert: {} }, mask_token: '<mask>' } }));
    expect(JSON.stringify(error(wrong))).toMatch(
      /IllegalArgumentException. Mask token requested was \[<mask>\] but must be \[\[MASK\]\] for this model/,
    );
    const other = put(pytorch({ fill_mask: { tokenization: { roberta: {} }, mask_token: '[MASK]' } }));
    expect(JSON.stringify(error(other))).toMatch(
      /IllegalArgumentException. Mask token requested was \[\[MASK\]\] but must be \[<mask>\] for this model/,
    );
  });

  it.each(TOKENIZATION_TYPES)('knows the mask token of %s', (t) => {
    expect(config(put(pytorch({ fill_mask: { tokenization: { [t]: {} } } })))?.fill_mask?.mask_token).toBe(
      MASK_TOKENS[t],
    );
  });
});

describe('PUT trained model: NLP configs', () => {
  // inference_crud.yml "Test put nlp model config with vocabulary set"
  it('refuses a vocabulary in the config', () => {
    const e = error(put(pytorch({ ner: { vocabulary: { index: '.ml-inference-native' } } })));
    expect(JSON.stringify(e)).toMatch(/illegal setting \[vocabulary\] on inference model creation/);
    expect(e?.type).toBe('x_content_parse_exception');
  });

  // 3rd_party_deployment.yml "Test put model config with Japanese tokenizer"
  it('accepts the Japanese tokenizer with every setting', () => {
    const c = config(
      put(
        pytorch({
          pass_through: {
            tokenization: {
              bert_ja: { with_special_tokens: false, max_sequence_length: 512, truncate: 'first', span: -1 },
            },
          },
        }),
      ),
    );
    expect(c?.pass_through?.tokenization).toEqual({
      bert_ja: {
        do_lower_case: false,
        with_special_tokens: false,
        max_sequence_length: 512,
        truncate: 'first',
        span: -1,
      },
    });
  });

  it('defaults to a bert tokenization and the native vocabulary index', () => {
    expect(config(put(pytorch({ ner: {} })))).toEqual({
      ner: {
        vocabulary: { index: '.ml-inference-native-000002' },
        tokenization: {
          bert: {
            do_lower_case: false,
            with_special_tokens: true,
            max_sequence_length: 512,
            truncate: 'first',
            span: -1,
          },
        },
        classification_labels: [],
      },
    });
  });

  it.each([
    ['text_classification', { classification_labels: ['a', 'b'] }],
    ['text_embedding', {}],
    ['text_expansion', {}],
    ['pass_through', {}],
    ['zero_shot_classification', { classification_labels: ['entailment', 'neutral', 'contradiction'] }],
    ['question_answering', {}],
    ['text_similarity', {}],
  ])('accepts %s', (task, body) => {
    expect(config(put(pytorch({ [task]: body })))?.[task]).toBeDefined();
  });

  it('refuses a span without truncate none, and a bad truncate', () => {
    expect(error(put(pytorch({ ner: { tokenization: { bert: { span: 128 } } } })))?.reason).toMatch(
      /failed to parse field \[inference_config\]/,
    );
    expect(
      JSON.stringify(error(put(pytorch({ ner: { tokenization: { bert: { truncate: 'middle' } } } })))),
    ).toContain(
      'No enum constant org.elasticsearch.xpack.core.ml.inference.trainedmodel.Tokenization.Truncate.MIDDLE',
    );
  });

  it('names an unknown config with suggestions', () => {
    expect(JSON.stringify(error(put(pytorch({ nerr: {} }))))).toContain('did you mean [ner]?');
  });
});

describe('PUT trained model: validation', () => {
  // 3rd_party_deployment.yml "Test put model config with prefix strings"
  it('keeps prefix strings', () => {
    const r = put({
      model_type: 'pytorch',
      inference_config: { text_embedding: {} },
      prefix_strings: { search: 'q' },
    });
    expect(r.ok && r.value.body.prefix_strings).toEqual({ search: 'q' });
  });

  // inference_crud.yml "Test put model with empty input.field_names"
  it('refuses empty input field names', () => {
    expect(
      error(put({ input: { field_names: [] }, inference_config: { regression: {} }, definition: {} }))
        ?.reason,
    ).toBe('Validation Failed: 1: [input.field_names] must not be empty;');
  });

  it('needs a model type without a definition, and an inference config', () => {
    expect(error(put({}))?.reason).toBe(
      'Validation Failed: 1: [model_type] must be set if [definition] is not defined.;2: [inference_config] must not be null.;',
    );
  });

  it('refuses fields only the server sets', () => {
    expect(
      error(put({ ...pytorch({ ner: {} }), version: '8.0.0', metadata: { model_aliases: ['a'] } }))?.reason,
    ).toBe(
      'Validation Failed: 1: illegal to set [version] at inference model creation;2: illegal to set [metadata.model_aliases] at inference model creation;',
    );
  });

  it('refuses invalid ids and tags', () => {
    expect(error(put(pytorch({ ner: {} }), 'Bad'))?.reason).toContain("Invalid model_id; 'Bad' can contain");
    expect(error(put({ ...pytorch({ ner: {} }), tags: ['m'] }))?.reason).toContain(
      'none of the tags must equal the model_id',
    );
  });

  it('refuses a body id that differs from the path', () => {
    expect(error(put({ ...pytorch({ ner: {} }), model_id: 'x' }))?.reason).toBe(
      "Inconsistent model_id; 'x' specified in the body differs from 'm' specified as a URL argument",
    );
  });

  // inference_crud.yml "Test put with defer_definition_decompression with invalid compression definition and no memory estimate"
  it('needs model_size_bytes to defer decompression', () => {
    const body = {
      input: { field_names: ['a'] },
      inference_config: { classification: {} },
      compressed_definition: 'H4s',
    };
    expect(error(put(body, 'm', 'defer_definition_decompression=true'))?.reason).toMatch(
      /when \[defer_definition_decompression\] is true and a compressed definition is provided, model_size_bytes must be set/,
    );
    expect(put({ ...body, model_size_bytes: 1024 }, 'm', 'defer_definition_decompression=true').ok).toBe(
      true,
    );
  });

  it('reads wait_for_completion and refuses unknown parameters', () => {
    const r = put({ input: { field_names: ['text_field'] } }, '.elser_model_2', 'wait_for_completion=true');
    expect(r.ok && r.value).toMatchObject({ packaged: true, wait_for_completion: true });
    expect(error(put(pytorch({ ner: {} }), 'm', 'wait=true'))?.reason).toContain(
      'unrecognized parameter: [wait]',
    );
  });

  it('warns about the deprecated size field name', () => {
    const r = put({ ...pytorch({ ner: {} }), estimated_heap_memory_usage_bytes: 10 });
    expect(r.ok && r.value.warnings[0]).toMatch(
      /Deprecated field \[estimated_heap_memory_usage_bytes\] used, expected \[model_size_bytes\] instead/,
    );
    expect(r.ok && r.value.body.model_size_bytes).toBe(10);
  });
});
