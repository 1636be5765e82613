import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { STOP_FLAGS } from '../command-specs.js';
import { positionals } from '../parse-args.js';

/**
 * `mldeploy stop <deployment-id>`: stops a deployment. Unlike the API's default, a missing
 * deployment is an error (exit 1) unless `--allow-no-match` is given, so a typo is not "stopped".
 */
export default async function stop(ctx: CommandContext<typeof STOP_FLAGS>): Promise<number> {
  const [id = ''] = positionals(ctx.spec, ctx.args, 1, 1);
  ctx.hintContext.deploymentId = id;
  const { force, 'allow-no-match': allowNoMatch } = ctx.flags;
  const { client } = await connect(ctx);
  const result = (await client.stopDeployment(id, { force, allow_no_match: allowNoMatch })) as {
    stopped?: boolean;
  };
  const stopped = result?.stopped ?? true;
  ctx.out.result({ deployment_id: id, stopped }, () => `${ctx.out.colors.green('✓')} stopped ${id}`);
  return 0;
}
