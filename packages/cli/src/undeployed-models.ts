import type { MlDeployClient } from '@mldeploy/client';

/** A model with no deployment, and how far it is from deployable. */
export interface UndeployedModel {
  model_id: string;
  /** `ready`: defined; `downloading`: an Elastic model still arriving; `incomplete`: parts missing. */
  state: 'ready' | 'downloading' | 'incomplete';
}

/**
 * The PyTorch models of a stats answer that have no deployment, with their definition status
 * (`include=definition_status`, one request each; other model types answer 400 and are left out).
 */
export async function undeployedModels(
  client: MlDeployClient,
  stats: { trained_model_stats: ReadonlyArray<{ model_id: string; deployment_stats?: unknown }> },
): Promise<UndeployedModel[]> {
  const ids = stats.trained_model_stats
    .filter((s) => s.deployment_stats === undefined)
    .map((s) => s.model_id);
  const out: UndeployedModel[] = [];
  for (const id of ids) {
    const answer = await client
      .call('models', { params: { model_id: id }, query: { include: 'definition_status' } })
      .catch(() => undefined);
    const defined = (answer?.trained_model_configs[0] as { fully_defined?: boolean } | undefined)
      ?.fully_defined;
    if (defined === undefined) {
      continue;
    }
    out.push({ model_id: id, state: defined ? 'ready' : id.startsWith('.') ? 'downloading' : 'incomplete' });
  }
  return out;
}

/** The lines `mldeploy status` adds under its table. */
export function undeployedLines(models: readonly UndeployedModel[]): string {
  if (models.length === 0) {
    return '';
  }
  const width = Math.max(...models.map((m) => m.model_id.length));
  return `\n\nnot deployed:\n${models.map((m) => `  ${m.model_id.padEnd(width)}  ${m.state}`).join('\n')}`;
}
