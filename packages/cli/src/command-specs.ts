import { ALLOCATION_STATES, DEFAULT_TIMEOUT, DEFAULTS, PRIORITIES } from '@mldeploy/core/defaults';
import type { AnyCommandSpec, CommandSpec } from './command-context.js';
import { bool, type FlagTable, int, list, orList, text } from './flag-spec.js';

/** A table entry, with its flags' types kept for the command module. */
const command = <F extends FlagTable>(spec: CommandSpec<F>): CommandSpec<F> => spec;

const adaptiveBounds = {
  min: int({ description: 'adaptive min_number_of_allocations' }),
  max: int({ description: 'adaptive max_number_of_allocations' }),
};
const waitTimeout = (what: string) =>
  text({
    value: 'DURATION',
    description: what,
    requires: { flag: 'wait', message: '--timeout applies to --wait' },
  });
const desiredStateFile = text({
  short: 'f',
  value: 'FILE',
  description: 'the desired-state file',
  file: true,
});

/** `mldeploy update`'s flags. */
export const UPDATE_FLAGS = {
  allocations: int({ short: 'n', description: 'set number_of_allocations' }),
  adaptive: bool({
    description: 'turn adaptive allocations on (with --min/--max)',
    conflicts: ['no-adaptive'],
  }),
  'no-adaptive': bool({
    description: 'turn adaptive allocations off (with --allocations N, as Kibana does)',
  }),
  min: int({ ...adaptiveBounds.min, conflicts: ['clear-min'] }),
  max: int({ ...adaptiveBounds.max, conflicts: ['clear-max'] }),
  'clear-min': bool({ description: 'remove the adaptive minimum' }),
  'clear-max': bool({ description: 'remove the adaptive maximum' }),
  query: bool({ description: 'send the number as ?number_of_allocations= instead of a body' }),
  'dry-run': bool({
    description: 'validate offline and print the request; send nothing',
    conflicts: [{ flag: 'wait', message: '--dry-run sends nothing, so there is nothing to --wait for' }],
  }),
  wait: bool({ short: 'w', description: 'wait until the deployment is fully allocated' }),
  timeout: waitTimeout('how long --wait waits, e.g. 30s, 5m (default 5m)'),
} satisfies FlagTable;

/** `mldeploy diff`'s flags. */
export const DIFF_FLAGS = { file: desiredStateFile } satisfies FlagTable;

/** `mldeploy apply`'s flags. */
export const APPLY_FLAGS = {
  file: desiredStateFile,
  yes: bool({ short: 'y', description: 'apply without asking (needed when not on a terminal)' }),
  wait: bool({ short: 'w', description: 'wait until the changed deployments are fully allocated' }),
  timeout: waitTimeout('how long --wait waits in all (default 5m)'),
} satisfies FlagTable;

/** `mldeploy start`'s flags. */
export const START_FLAGS = {
  'deployment-id': text({ value: 'ID', description: 'deployment id (default: the model id)' }),
  allocations: int({ short: 'n', description: 'number_of_allocations' }),
  threads: int({ description: 'threads_per_allocation (fixed after start)' }),
  priority: text({
    value: PRIORITIES.join('|'),
    choices: PRIORITIES,
    checkedByCore: true,
    description: 'deployment priority',
  }),
  'queue-capacity': int({ description: 'inference requests that may queue' }),
  'wait-for': text({
    value: 'STATE',
    choices: ALLOCATION_STATES,
    checkedByCore: true,
    description: `${orList(ALLOCATION_STATES)} (default ${DEFAULTS.start.wait_for})`,
  }),
  adaptive: bool({ description: 'start with adaptive allocations on' }),
  min: int({
    ...adaptiveBounds.min,
    requires: { flag: 'adaptive', message: '--min and --max need --adaptive when starting a deployment' },
  }),
  max: int({
    ...adaptiveBounds.max,
    requires: { flag: 'adaptive', message: '--min and --max need --adaptive when starting a deployment' },
  }),
  timeout: text({
    value: 'DURATION',
    description: `how long the server waits (default ${DEFAULTS.start.timeout})`,
  }),
} satisfies FlagTable;

/** `mldeploy stop`'s flags. */
export const STOP_FLAGS = {
  force: bool({ description: 'stop even if ingest pipelines or inference endpoints use it' }),
  'allow-no-match': bool({ description: 'succeed when no deployment matches' }),
} satisfies FlagTable;

/** `mldeploy model`'s flags. */
export const MODEL_FLAGS = {
  force: bool({ description: 'delete: also when deployed or used by ingest pipelines' }),
  reassign: bool({ description: 'alias: move the alias from the model it names now' }),
  remove: bool({ description: 'alias: remove the alias instead' }),
  'chunk-size': int({ value: 'BYTES', description: "upload: bytes per part (eland's 4 MiB by default)" }),
} satisfies FlagTable;

/** `mldeploy verify`'s flags. */
export const VERIFY_FLAGS = {
  deployment: text({
    value: 'ID',
    description: 'a deployment to give up for the stateful cases (restored at the end)',
  }),
  cases: text({ value: 'FILE', description: 'run these cases (JSON array or JSON Lines)', file: true }),
  junit: text({ value: 'FILE', description: 'also write a JUnit XML report', file: true }),
} satisfies FlagTable;

/** `mldeploy update-endpoint`'s flags. */
export const UPDATE_ENDPOINT_FLAGS = {
  allocations: int({
    short: 'n',
    description: 'service_settings.num_allocations',
    conflicts: [{ flag: 'adaptive', message: 'give either --allocations or --adaptive, not both' }],
  }),
  adaptive: bool({ description: 'switch to adaptive allocations (with --min/--max)' }),
  min: int({
    ...adaptiveBounds.min,
    requires: { flag: 'adaptive', message: '--min and --max need --adaptive' },
  }),
  max: int({
    ...adaptiveBounds.max,
    requires: { flag: 'adaptive', message: '--min and --max need --adaptive' },
  }),
  timeout: text({ value: 'DURATION', description: `how long the server waits (default ${DEFAULT_TIMEOUT})` }),
} satisfies FlagTable;

/** `mldeploy request`'s flags. */
export const REQUEST_FLAGS = {
  query: list({ value: 'K=V', description: 'a query parameter (repeat for more)' }),
  body: text({ value: 'JSON|@FILE', description: 'the body: JSON text, @file, or @- for stdin' }),
  'dry-run': bool({ description: 'check offline and print the request; send nothing' }),
} satisfies FlagTable;

/** `mldeploy validate`'s flags. */
export const VALIDATE_FLAGS = {
  'deployment-id': text({
    value: 'ID',
    description: 'the deployment the body is for (checks a body model_id)',
  }),
} satisfies FlagTable;

/** `mldeploy schema`'s flags. */
export const SCHEMA_FLAGS = {
  openapi: bool({ description: 'print the OpenAPI 3.1 document instead' }),
} satisfies FlagTable;

/** Every command of mldeploy, in the order `--help` lists them. */
export const COMMANDS: readonly AnyCommandSpec[] = [
  command({
    name: 'update',
    summary: "change a deployment's allocations",
    args: '<deployment-id>',
    connects: true,
    flags: UPDATE_FLAGS,
    examples: [
      'mldeploy update my-model --allocations 4 --wait',
      'mldeploy update my-model --adaptive --min 1 --max 8',
      'mldeploy update my-model --no-adaptive --allocations 2',
      'mldeploy update my-model --clear-min',
      'mldeploy update my-model --allocations 4 --dry-run',
    ],
    load: () => import('./commands/update.js'),
  }),
  command({
    name: 'status',
    summary: 'show deployments: state, allocations, adaptive range, nodes',
    args: '[deployment-id]',
    connects: true,
    flags: {},
    examples: ['mldeploy status', 'mldeploy status -o wide', 'mldeploy status my-model --json'],
    load: () => import('./commands/status.js'),
  }),
  command({
    name: 'diff',
    summary: 'show how deployments differ from a desired-state file (YAML or JSON)',
    args: '',
    connects: true,
    flags: DIFF_FLAGS,
    examples: ['mldeploy diff -f deployments.yaml', 'mldeploy diff -f deployments.yaml --json'],
    load: () => import('./commands/diff.js'),
  }),
  command({
    name: 'apply',
    summary: 'change deployments to match a desired-state file',
    args: '',
    connects: true,
    flags: APPLY_FLAGS,
    examples: ['mldeploy apply -f deployments.yaml', 'mldeploy apply -f deployments.yaml --yes --wait'],
    load: () => import('./commands/apply.js'),
  }),
  command({
    name: 'start',
    summary: 'start a deployment of a trained model',
    args: '<model-id>',
    connects: true,
    flags: START_FLAGS,
    examples: [
      'mldeploy start my-model --allocations 2 --threads 1',
      'mldeploy start my-model --deployment-id my-model-search --adaptive --min 0 --max 4',
      'mldeploy start my-model --wait-for fully_allocated --timeout 2m',
    ],
    load: () => import('./commands/start.js'),
  }),
  command({
    name: 'stop',
    summary: 'stop a deployment',
    args: '<deployment-id>',
    connects: true,
    flags: STOP_FLAGS,
    examples: ['mldeploy stop my-model', 'mldeploy stop my-model --force'],
    load: () => import('./commands/stop.js'),
  }),
  command({
    name: 'model',
    summary: 'create, upload, alias or delete a trained model',
    args: '<put|vocabulary|upload|delete|alias> <model-id> [file|alias]',
    connects: true,
    flags: MODEL_FLAGS,
    examples: [
      'mldeploy model put my-model config.json',
      'mldeploy model vocabulary my-model vocab.json',
      'mldeploy model upload my-model traced_pytorch_model.pt',
      'mldeploy model alias my-model my-alias --reassign',
      'mldeploy model delete my-model --force',
    ],
    load: () => import('./commands/model.js'),
  }),
  command({
    name: 'verify',
    summary: 'replay the contract cases against a cluster and report where its answers differ',
    args: '',
    connects: true,
    flags: VERIFY_FLAGS,
    examples: [
      'mldeploy verify --url https://my-cluster:9200 --api-key "$ES_API_KEY"',
      'mldeploy verify --deployment my-scratch-model --junit verify.xml',
      'mldeploy verify --cases recorded.jsonl --json',
    ],
    load: () => import('./commands/verify.js'),
  }),
  command({
    name: 'update-endpoint',
    summary: "change an inference endpoint's allocations (deployments it owns)",
    args: '<task> <id>',
    connects: true,
    flags: UPDATE_ENDPOINT_FLAGS,
    examples: [
      'mldeploy update-endpoint sparse_embedding my-elser --allocations 4',
      'mldeploy update-endpoint sparse_embedding my-elser --adaptive --min 0 --max 8',
    ],
    load: () => import('./commands/update-endpoint.js'),
  }),
  command({
    name: 'request',
    summary: "call any endpoint core defines, checked offline by Elasticsearch's rules first",
    args: '[endpoint] [params...]',
    connects: true,
    flags: REQUEST_FLAGS,
    examples: [
      'mldeploy request',
      'mldeploy request stats my-model',
      'mldeploy request update my-model --body \'{"number_of_allocations":2}\'',
      'mldeploy request stop my-model --query force=true --dry-run',
    ],
    load: () => import('./commands/request.js'),
  }),
  command({
    name: 'validate',
    summary: "check an _update body offline; prints Elasticsearch's exact message",
    args: '[file|-]',
    connects: false,
    flags: VALIDATE_FLAGS,
    examples: ['mldeploy validate body.json', `echo '{"number_of_allocations":0}' | mldeploy validate -`],
    load: () => import('./commands/validate.js'),
  }),
  command({
    name: 'schema',
    summary: 'print the JSON Schemas of the contract (or the OpenAPI document)',
    args: '',
    connects: false,
    flags: SCHEMA_FLAGS,
    examples: ['mldeploy schema', 'mldeploy schema --openapi > openapi.json'],
    load: () => import('./commands/schema.js'),
  }),
  command({
    name: 'completion',
    summary: 'print a shell completion script',
    args: '<bash|zsh>',
    connects: false,
    flags: {},
    examples: [
      'mldeploy completion bash > /etc/bash_completion.d/mldeploy',
      'source <(mldeploy completion zsh)',
    ],
    load: () => import('./commands/completion.js'),
  }),
];

/** The spec of a command by name. */
export function findCommand(name: string): AnyCommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
