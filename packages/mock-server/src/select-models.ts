// Which models (and deployments) a GET or `_stats` request names, in Elasticsearch's order:
// TrainedModelProvider.expandIds matches each comma-separated token against model ids and model
// aliases (wildcards too), keeps only models with every requested tag, and sorts by id as Java
// strings; `_stats` also matches deployment ids. See docs/rules.md, "Reading models".
import { compareJavaStrings, type EsError, errors, matchesIdExpression } from '@mldeploy/core/rules';
import type { Cluster, Deployment } from './cluster.js';
import type { SeedModel } from './seed-schema.js';

/** Models in id order, each with the deployments the request selects. */
export type Selected = Array<{
  model: Readonly<SeedModel>;
  deployments: ReadonlyArray<Readonly<Deployment>>;
}>;

/** What to select: id expressions (empty: all), tags (GET only), and whether deployment ids count. */
export interface Selection {
  ids: readonly string[];
  allowNoMatch: boolean;
  byDeployment: boolean;
  tags?: readonly string[];
}

/**
 * The models matching the id expressions, with their deployments. A token without a wildcard must
 * match something (404 `Could not find trained model [x]`); a wildcard token must too unless
 * `allow_no_match`. A model without every requested tag matches nothing.
 */
export function selectModels(
  cluster: Cluster,
  selection: Selection,
): { ok: true; value: Selected } | { ok: false; error: EsError } {
  const { ids, allowNoMatch, byDeployment } = selection;
  const tags = selection.tags ?? [];
  const all = cluster.deploymentList();
  const deploymentsOf = (modelId: string) =>
    all
      .filter((d) => d.model_id === modelId)
      .sort((a, b) => compareJavaStrings(a.deployment_id, b.deployment_id));
  const models = cluster
    .modelList()
    .filter((m) => tags.every((t) => m.tags?.includes(t)))
    .sort((a, b) => compareJavaStrings(a.model_id, b.model_id));
  if (ids.length === 0) {
    return {
      ok: true,
      value: models.map((model) => ({ model, deployments: deploymentsOf(model.model_id) })),
    };
  }
  const picked = new Map<string, Set<string> | 'all'>();
  for (const expression of ids) {
    let matched = false;
    for (const model of models) {
      // A token names a model by its id or by one of its aliases, wildcards included.
      const names = [model.model_id, ...cluster.models.aliasesOf(model.model_id)];
      if (names.some((name) => matchesIdExpression(expression, name))) {
        picked.set(model.model_id, 'all');
        matched = true;
      }
    }
    if (byDeployment) {
      for (const d of all) {
        if (matchesIdExpression(expression, d.deployment_id)) {
          const current = picked.get(d.model_id);
          if (current !== 'all') {
            picked.set(d.model_id, new Set([...(current ?? []), d.deployment_id]));
          }
          matched = true;
        }
      }
    }
    if (!matched && (!expression.includes('*') || !allowNoMatch)) {
      return { ok: false, error: errors.modelNotFound(expression) };
    }
  }
  return {
    ok: true,
    value: models
      .filter((m) => picked.has(m.model_id))
      .map((model) => {
        const which = picked.get(model.model_id);
        const mine = deploymentsOf(model.model_id);
        return {
          model,
          deployments: which === 'all' ? mine : mine.filter((d) => which?.has(d.deployment_id)),
        };
      }),
  };
}
