import type { InferenceTaskType } from '@mldeploy/client';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import { boolFlag, positionals, stringFlag } from '../parse-args.js';
import { UsageError } from '../usage-error.js';

/**
 * `mldeploy infer <id> <text>`: one inference on a deployment (`_infer`, the text in the model's
 * first input field unless `--field`), or with `--endpoint` through an inference endpoint
 * (`POST _inference`). Prints the result as the server wrote it (docs/inference.md).
 */
export default async function infer(ctx: CommandContext): Promise<number> {
  const [id = '', text = ''] = positionals(ctx.spec, ctx.args, 2, 2);
  const viaEndpoint = boolFlag(ctx.args, 'endpoint');
  const task = stringFlag(ctx.args, 'task');
  const field = stringFlag(ctx.args, 'field');
  const timeout = stringFlag(ctx.args, 'timeout');
  if (!viaEndpoint && task !== undefined) {
    throw new UsageError('--task needs --endpoint');
  }
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
