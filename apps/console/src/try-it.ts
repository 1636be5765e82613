import { ApiError, type MlDeployClient } from '@mldeploy/client';
import { h, replace, uid } from './dom.js';

/** The longest answer shown; a longer one is cut, saying so. */
const SHOWN_CHARS = 2000;

/**
 * "Try it": one inference on the deployment (`POST _ml/trained_models/{id}/_infer`) with the text
 * typed, in the model's input field, and the answer as the server wrote it. The mock's answers are
 * simulated (docs/inference.md).
 */
export class TryItBox {
  readonly element: HTMLFormElement;
  readonly #input: HTMLTextAreaElement;
  readonly #answer: HTMLElement;
  readonly #send: HTMLButtonElement;

  constructor(
    private readonly deploymentId: string,
    private readonly modelId: string,
    private readonly client: () => MlDeployClient,
  ) {
    const id = uid('try');
    this.#input = h('textarea', { id: `${id}-text`, rows: 2, 'data-try-text': '' });
    this.#send = h('button', { type: 'submit' }, 'Infer');
    this.#answer = h('pre', {
      class: 'result',
      role: 'status',
      'aria-live': 'polite',
      'data-try-answer': '',
    });
    this.element = h(
      'form',
      { class: 'try-it', 'aria-label': 'Try it', 'data-try': '' },
      h('label', { for: `${id}-text` }, 'Try it: text to infer'),
      this.#input,
      this.#send,
      this.#answer,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#infer();
    });
  }

  async #infer(): Promise<void> {
    const text = this.#input.value;
    this.#send.disabled = true;
    replace(this.#answer, 'Inferring…');
    try {
      const client = this.client();
      // The model reads its first input field (the configuration's `input.field_names`).
      const models = await client.getModels(this.modelId);
      const field = models.trained_model_configs[0]?.input?.field_names?.[0] ?? 'text_field';
      const answer = await client.infer(this.deploymentId, [{ [field]: text }]);
      const json = JSON.stringify(answer.inference_results[0] ?? {}, null, 2);
      replace(this.#answer, json.length > SHOWN_CHARS ? `${json.slice(0, SHOWN_CHARS)}\n… (cut)` : json);
    } catch (error) {
      const message = error instanceof ApiError ? `${error.status}: ${error.message}` : String(error);
      replace(this.#answer, h('span', { class: 'error', 'data-try-error': '' }, message));
    } finally {
      this.#send.disabled = false;
    }
  }
}
