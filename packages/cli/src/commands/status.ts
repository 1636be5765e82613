import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import { type DeploymentRow, deploymentStatsOf, ROW_HEADER, rowCells, toRow } from '../deployment-rows.js';
import { type FitColumn, fitTable, outputWidth } from '../fit-table.js';
import { positionals } from '../parse-args.js';
import { renderTable } from '../table.js';
import { undeployedLines, undeployedModels } from '../undeployed-models.js';

// How each column of ROW_HEADER gives way on a narrow terminal: ids shrink in the middle, nodes at
// the end; threads, then priority, are left out before the ids get cramped.
const COLUMNS: FitColumn[] = [
  { header: 'DEPLOYMENT', shrink: 'middle', min: 10, comfortable: 30, weight: 2 },
  { header: 'MODEL', shrink: 'middle', min: 10, comfortable: 20, weight: 2 },
  { header: 'STATE' },
  { header: 'ALLOCATIONS' },
  { header: 'ADAPTIVE' },
  { header: 'THREADS', dropRank: 1 },
  { header: 'PRIORITY', dropRank: 2 },
  { header: 'NODES', shrink: 'end', min: 8, comfortable: 12 },
];

/**
 * `mldeploy status [deployment-id]`: a table of deployments from `_stats`, fitted to the terminal
 * (`COLUMNS`, the terminal's width, or no limit in a pipe): one id column when every deployment id equals its model
 * id, columns left out and ids shortened with an ellipsis as needed. `-o wide` prints every column
 * in full; `--json` is unaffected.
 */
export default async function status(ctx: CommandContext): Promise<number> {
  const [id] = positionals(ctx.spec, ctx.args, 0, 1);
  if (id !== undefined) {
    ctx.hintContext.deploymentId = id;
  }
  const { client } = await connect(ctx);
  const answer = await client.getDeploymentStats(id);
  const stats = deploymentStatsOf(answer);
  const rows = stats.map(toRow);
  // Uploaded or downloading models without a deployment (all models only, not one id).
  const models = id === undefined ? await undeployedModels(client, answer) : [];
  ctx.out.result({ deployments: rows, ...(models.length > 0 ? { models } : {}) }, () => {
    if (rows.length === 0) {
      return (
        (id === undefined ? 'no deployments' : `no deployment matches [${id}]`) + undeployedLines(models)
      );
    }
    const cells = stats.map(rowCells);
    const table = ctx.flags.output === 'wide' ? wideTable(ctx, rows, cells) : fittedTable(ctx, rows, cells);
    return table + undeployedLines(models);
  });
  return 0;
}

function stateColor(ctx: CommandContext, row: DeploymentRow): (s: string) => string {
  const c = ctx.out.colors;
  return row.state === 'failed' ? c.red : row.allocation_state === 'fully_allocated' ? c.green : c.yellow;
}

function wideTable(ctx: CommandContext, rows: DeploymentRow[], cells: string[][]): string {
  return renderTable(
    ROW_HEADER,
    cells.map((c, i) => {
      const row = rows[i];
      return row ? c.with(2, stateColor(ctx, row)(c[2] ?? '')) : c;
    }),
    ctx.out.colors.bold,
  );
}

function fittedTable(ctx: CommandContext, rows: DeploymentRow[], all: string[][]): string {
  const width = outputWidth(ctx.env, ctx.io.stdout);
  const oneId = rows.every((r) => r.deployment_id === r.model_id);
  const columns = oneId ? COLUMNS.filter((c) => c.header !== 'MODEL') : COLUMNS;
  const cells = all.map((c) => (oneId ? [c[0] ?? '', ...c.slice(2)] : c));
  const fitted = fitTable(columns, cells, width);
  const stateAt = fitted.kept.findIndex((i) => columns[i]?.header === 'STATE');
  return renderTable(
    fitted.header,
    fitted.rows.map((r, n) => {
      const row = rows[n];
      if (row && stateAt >= 0) {
        r[stateAt] = stateColor(ctx, row)(r[stateAt] ?? '');
      }
      return r;
    }),
    ctx.out.colors.bold,
  );
}
