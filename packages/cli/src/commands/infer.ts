import type { InferenceTaskType } from '@mldeploy/client';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { INFER_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/**
 * `mldeploy infer <id> <text>`: one inference on a deployment (`_infer`, the text in the model's
 * first input field unless `--field`), or with `--endpoint` through an inference endpoint
 * (`POST _inference`). Prints the result as the server wrote it (docs/inference.md).
 */
export default async function infer(ctx: CommandContext<typeof INFER_FLAGS>): Promise<number> {
  const [id = '', text = ''] = positionals(ctx.spec, ctx.args, 2, 2);
  const { endpoint: viaEndpoint, task, field, timeout } = ctx.flags;
  if (viaEndpoint && field !== undefined) {
    throw new UsageError('--field is for a deployment; an endpoint reads the text itself');
  }
  ctx.hintContext.deploymentId = id;
  const { client } = await connect(ctx);
  const options = timeout === undefined ? {} : { timeout };
  if (viaEndpoint) {
    const answer = await client.inferWithEndpoint(task as InferenceTaskType | undefined, id, text, options);
    ctx.out.result(answer, () => JSON.stringify(answer, null, 2));
    return 0;
  }
  let name = field;
  if (name === undefined) {
    const models = await client.getModels(id).catch(() => undefined);
    name = models?.trained_model_configs[0]?.input?.field_names?.[0] ?? 'text_field';
  }
  const answer = await client.infer(id, [{ [name]: text }], options);
  const result = answer.inference_results[0] ?? {};
  ctx.out.result(answer, () => JSON.stringify(result, null, 2));
  return 0;
}
