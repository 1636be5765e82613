import type { MlDeployClient } from '@mldeploy/client';

/**
 * The line under the deployments naming the models without a deployment (uploaded or built in),
 * an Elastic model still downloading marked so (`include=definition_status`, asked of those only).
 */
export async function undeployedText(
  client: MlDeployClient,
  stats: ReadonlyArray<{ model_id: string; deployment_stats?: unknown }>,
): Promise<string> {
  const ids = stats.filter((s) => s.deployment_stats === undefined).map((s) => s.model_id);
  if (ids.length === 0) {
    return '';
  }
  const names = await Promise.all(
    ids.map(async (id) => {
      if (!id.startsWith('.')) {
        return id;
      }
      const answer = await client
        .call('models', { params: { model_id: id }, query: { include: 'definition_status' } })
        .catch(() => undefined);
      const defined = (answer?.trained_model_configs[0] as { fully_defined?: boolean } | undefined)
        ?.fully_defined;
      return defined === false ? `${id} (downloading)` : id;
    }),
  );
  return `Not deployed: ${names.join(', ')}`;
}
