// The client's methods of a model's life (docs/model-lifecycle.md): create, vocabulary, upload,
// delete, aliases, `_ml/info` and the cat table. MlDeployClient extends this class, which sends
// through the client's `send` and `call`; each request is checked with core before it is sent.
import type {
  PutDefinitionPartBody,
  PutTrainedModelBody,
  PutVocabularyBody,
  ResponseOf,
} from '@mldeploy/core';
import type { EndpointKey, RequestInput } from '@mldeploy/core/rules';
import type { CallOptions } from './client-options.js';
import { definitionParts } from './definition-parts.js';
import {
  aliasParts,
  definitionPartParts,
  deleteModelParts,
  putModelParts,
  vocabularyParts,
} from './internal/model-parts.js';
import type { RequestParts } from './internal/serialise.js';

/** The methods of a model's life, over the client's transport. */
export abstract class ModelLifecycleMethods {
  /** Sends built parts and checks the answer with the endpoint's response validator. */
  protected abstract send<K extends EndpointKey>(
    key: K,
    parts: RequestParts,
    options: CallOptions,
  ): Promise<ResponseOf<K>>;

  /** Sends a request of any endpoint of core's table. */
  abstract call<K extends EndpointKey>(
    key: K,
    input?: RequestInput,
    options?: CallOptions,
  ): Promise<ResponseOf<K>>;

  /** Creates a model (`PUT _ml/trained_models/{id}`); the config is checked with core first. */
  async putModel(
    modelId: string,
    config: PutTrainedModelBody,
    options: CallOptions & {
      query?: { defer_definition_decompression?: boolean; wait_for_completion?: boolean };
    } = {},
  ): Promise<ResponseOf<'putModel'>> {
    return this.send('putModel', putModelParts(modelId, config, options.query), options);
  }

  /** Stores an NLP model's vocabulary (`PUT …/vocabulary`). */
  async putVocabulary(
    modelId: string,
    vocabulary: PutVocabularyBody,
    options: CallOptions = {},
  ): Promise<ResponseOf<'putVocabulary'>> {
    return this.send('putVocabulary', vocabularyParts(modelId, vocabulary), options);
  }

  /** Stores one part of a model file (`PUT …/definition/{part}`). */
  async putDefinitionPart(
    modelId: string,
    part: number,
    body: PutDefinitionPartBody,
    options: CallOptions = {},
  ): Promise<ResponseOf<'putDefinitionPart'>> {
    return this.send('putDefinitionPart', definitionPartParts(modelId, part, body), options);
  }

  /**
   * Uploads a model file as eland does: base64 parts of `chunkSize` bytes (4 MiB), in order;
   * `onPart` hears of each part once it is stored.
   */
  async uploadDefinition(
    modelId: string,
    bytes: Uint8Array,
    options: CallOptions & { chunkSize?: number; onPart?: (part: number, total: number) => void } = {},
  ): Promise<void> {
    for (const { part, body } of definitionParts(bytes, options.chunkSize)) {
      await this.putDefinitionPart(modelId, part, body, options);
      options.onPart?.(part, body.total_parts);
    }
  }

  /** Deletes a model (`force` stops its deployments first). */
  async deleteModel(
    modelId: string,
    options: CallOptions & { force?: boolean; timeout?: string } = {},
  ): Promise<ResponseOf<'deleteModel'>> {
    const query = { force: options.force, timeout: options.timeout };
    return this.send('deleteModel', deleteModelParts(modelId, query), options);
  }

  /** Points a model alias at a model (`reassign` moves it from another). */
  async putModelAlias(
    modelId: string,
    alias: string,
    options: CallOptions & { reassign?: boolean } = {},
  ): Promise<ResponseOf<'putModelAlias'>> {
    return this.send(
      'putModelAlias',
      aliasParts('PUT', modelId, alias, { reassign: options.reassign }),
      options,
    );
  }

  /** Removes a model alias. */
  async deleteModelAlias(
    modelId: string,
    alias: string,
    options: CallOptions = {},
  ): Promise<ResponseOf<'deleteModelAlias'>> {
    return this.send('deleteModelAlias', aliasParts('DELETE', modelId, alias), options);
  }

  /** Machine learning defaults and limits (`GET _ml/info`). */
  async mlInfo(options: CallOptions = {}): Promise<ResponseOf<'mlInfo'>> {
    return this.call('mlInfo', {}, options);
  }

  /** The `_cat/ml/trained_models` table as JSON (`h` and `s` as the cat API reads them). */
  async catTrainedModels(
    modelId?: string,
    options: CallOptions & { h?: string; s?: string; bytes?: string } = {},
  ): Promise<ResponseOf<'catTrainedModels'>> {
    const query = { format: 'json', h: options.h, s: options.s, bytes: options.bytes };
    return this.call('catTrainedModels', { params: { model_id: modelId }, query }, options);
  }
}
