// Runs the five calls and waitForAllocations against a local mock: `pnpm start` at the repository
// root serves it on 127.0.0.1:9200; build this package first (`pnpm build`).
import { ApiError, createClient } from '@mldeploy/client';

const node = process.env.MLDEPLOY_URL ?? 'http://127.0.0.1:9200';
const client = createClient({ node, checkServerVersion: true });
const say = (line) => process.stdout.write(`${line}\n`);

try {
  const { version } = await client.info();
  const { trained_model_configs: models } = await client.getModels();
  say(`Elasticsearch ${version.number}, ${models.length} model(s)`);
  const modelId = models[0].model_id;

  await client.startDeployment(modelId, { deployment_id: 'quickstart', number_of_allocations: 1 });
  await client.updateDeployment('quickstart', { number_of_allocations: 2 });
  const stats = await client.waitForAllocations('quickstart', {
    timeout: 60_000,
    onProgress: (p) => say(`  ${p.state}: ${p.allocationCount}/${p.targetAllocationCount} allocations`),
  });
  say(`quickstart is ${stats.allocation_status?.state}`);

  await client.updateDeployment('quickstart', {
    adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
  });
  const { trained_model_stats } = await client.getDeploymentStats('quickstart');
  say(`adaptive: ${JSON.stringify(trained_model_stats[0]?.deployment_stats?.adaptive_allocations)}`);

  // Refused before sending, with Elasticsearch's own message:
  await client
    .updateDeployment('quickstart', { number_of_allocations: 0 })
    .catch((e) => say(`refused: ${e.reason}`));

  say(`stopped: ${(await client.stopDeployment('quickstart')).stopped}`);
} catch (error) {
  if (!(error instanceof ApiError)) {
    throw error;
  }
  say(`${error.code} (${error.status}): ${error.message}${error.info.hint ? `\n${error.info.hint}` : ''}`);
  process.exitCode = 1;
}
