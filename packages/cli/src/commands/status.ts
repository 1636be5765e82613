import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import { deploymentStatsOf, ROW_HEADER, rowCells, toRow } from '../deployment-rows.js';
import { positionals } from '../parse-args.js';
import { renderTable } from '../table.js';

/** `mldeploy status [deployment-id]`: a table of deployments from `_stats`. */
export default async function status(ctx: CommandContext): Promise<number> {
  const [id] = positionals(ctx.spec, ctx.args, 0, 1);
  if (id !== undefined) {
    ctx.hintContext.deploymentId = id;
  }
  const { client } = await connect(ctx);
  const rows = deploymentStatsOf(await client.getDeploymentStats(id)).map(toRow);
  ctx.out.result({ deployments: rows }, () => {
    if (rows.length === 0) {
      return id === undefined ? 'no deployments' : `no deployment matches [${id}]`;
    }
    const c = ctx.out.colors;
    return renderTable(
      ROW_HEADER,
      rows.map((row) => {
        const cells = rowCells(row);
        const color =
          row.state === 'failed' ? c.red : row.allocation_state === 'fully_allocated' ? c.green : c.yellow;
        cells[2] = color(cells[2] ?? '');
        return cells;
      }),
      c.bold,
    );
  });
  return 0;
}
