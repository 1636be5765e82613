import { ALLOCATION_STATES, DEFAULTS, PRIORITIES } from '@mldeploy/core/defaults';

/** `a, b or c`. */
function orList(words: readonly string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** One flag of a command: its name, whether it takes a value, and its help line. */
export interface FlagSpec {
  name: string;
  /** Placeholder of the value (`N`, `URL`); absent for a boolean flag. */
  value?: string;
  short?: string;
  description: string;
}

/** One command: its arguments, flags, help text and examples. Help, parsing and completion share it. */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Positional arguments as shown in usage, e.g. `<deployment-id>`. */
  args: string;
  flags: FlagSpec[];
  examples: string[];
  /** Whether the command talks to Elasticsearch (takes the connection flags). */
  connects: boolean;
}

/** Flags every connecting command accepts. */
export const CONNECTION_FLAGS: FlagSpec[] = [
  { name: 'url', value: 'URL', description: 'Elasticsearch URL (env ELASTICSEARCH_URL, ES_URL)' },
  { name: 'cloud-id', value: 'ID', description: 'Elastic Cloud ID, instead of --url (env ELASTIC_CLOUD_ID)' },
  {
    name: 'api-key',
    value: 'KEY',
    description: 'API key, encoded or id:key (env ELASTIC_API_KEY, ES_API_KEY)',
  },
  { name: 'username', value: 'USER', description: 'basic auth user (env ELASTIC_USERNAME)' },
  { name: 'password', value: 'PASS', description: 'basic auth password (env ELASTIC_PASSWORD)' },
  { name: 'ca-cert', value: 'FILE', description: 'PEM file of the CA to trust' },
  { name: 'insecure', description: 'do not verify the TLS certificate' },
  {
    name: 'context',
    value: 'NAME',
    description: 'use this context of the config file (env MLDEPLOY_CONTEXT)',
  },
];

/** Flags every command accepts. */
export const OUTPUT_FLAGS: FlagSpec[] = [
  { name: 'json', description: 'print one JSON document (default when stdout is not a terminal)' },
  { name: 'output', short: 'o', value: 'human|json', description: 'output format' },
  { name: 'no-color', description: 'no colours (also NO_COLOR=1)' },
  { name: 'help', short: 'h', description: 'show help' },
];

/** Every command of mldeploy, in the order `--help` lists them. */
export const COMMANDS: CommandSpec[] = [
  {
    name: 'update',
    summary: "change a deployment's allocations",
    args: '<deployment-id>',
    connects: true,
    flags: [
      { name: 'allocations', short: 'n', value: 'N', description: 'set number_of_allocations' },
      { name: 'adaptive', description: 'turn adaptive allocations on (with --min/--max)' },
      {
        name: 'no-adaptive',
        description: 'turn adaptive allocations off (with --allocations N, as Kibana does)',
      },
      { name: 'min', value: 'N', description: 'adaptive min_number_of_allocations' },
      { name: 'max', value: 'N', description: 'adaptive max_number_of_allocations' },
      { name: 'clear-min', description: 'remove the adaptive minimum' },
      { name: 'clear-max', description: 'remove the adaptive maximum' },
      { name: 'query', description: 'send the number as ?number_of_allocations= instead of a body' },
      { name: 'dry-run', description: 'validate offline and print the request; send nothing' },
      { name: 'wait', short: 'w', description: 'wait until the deployment is fully allocated' },
      { name: 'timeout', value: 'DURATION', description: 'how long --wait waits, e.g. 30s, 5m (default 5m)' },
    ],
    examples: [
      'mldeploy update my-model --allocations 4 --wait',
      'mldeploy update my-model --adaptive --min 1 --max 8',
      'mldeploy update my-model --no-adaptive --allocations 2',
      'mldeploy update my-model --clear-min',
      'mldeploy update my-model --allocations 4 --dry-run',
    ],
  },
  {
    name: 'status',
    summary: 'show deployments: state, allocations, adaptive range, nodes',
    args: '[deployment-id]',
    connects: true,
    flags: [],
    examples: ['mldeploy status', 'mldeploy status -o wide', 'mldeploy status my-model --json'],
  },
  {
    name: 'diff',
    summary: 'show how deployments differ from a desired-state file (YAML or JSON)',
    args: '',
    connects: true,
    flags: [{ name: 'file', short: 'f', value: 'FILE', description: 'the desired-state file' }],
    examples: ['mldeploy diff -f deployments.yaml', 'mldeploy diff -f deployments.yaml --json'],
  },
  {
    name: 'apply',
    summary: 'change deployments to match a desired-state file',
    args: '',
    connects: true,
    flags: [
      { name: 'file', short: 'f', value: 'FILE', description: 'the desired-state file' },
      { name: 'yes', short: 'y', description: 'apply without asking (needed when not on a terminal)' },
      { name: 'wait', short: 'w', description: 'wait until the changed deployments are fully allocated' },
      { name: 'timeout', value: 'DURATION', description: 'how long --wait waits in all (default 5m)' },
    ],
    examples: ['mldeploy apply -f deployments.yaml', 'mldeploy apply -f deployments.yaml --yes --wait'],
  },
  {
    name: 'start',
    summary: 'start a deployment of a trained model',
    args: '<model-id>',
    connects: true,
    flags: [
      { name: 'deployment-id', value: 'ID', description: 'deployment id (default: the model id)' },
      { name: 'allocations', short: 'n', value: 'N', description: 'number_of_allocations' },
      { name: 'threads', value: 'N', description: 'threads_per_allocation (fixed after start)' },
      { name: 'priority', value: PRIORITIES.join('|'), description: 'deployment priority' },
      { name: 'queue-capacity', value: 'N', description: 'inference requests that may queue' },
      {
        name: 'wait-for',
        value: 'STATE',
        description: `${orList(ALLOCATION_STATES)} (default ${DEFAULTS.start.wait_for})`,
      },
      { name: 'adaptive', description: 'start with adaptive allocations on' },
      { name: 'min', value: 'N', description: 'adaptive min_number_of_allocations' },
      { name: 'max', value: 'N', description: 'adaptive max_number_of_allocations' },
      {
        name: 'timeout',
        value: 'DURATION',
        description: `how long the server waits (default ${DEFAULTS.start.timeout})`,
      },
    ],
    examples: [
      'mldeploy start my-model --allocations 2 --threads 1',
      'mldeploy start my-model --deployment-id my-model-search --adaptive --min 0 --max 4',
      'mldeploy start my-model --wait-for fully_allocated --timeout 2m',
    ],
  },
  {
    name: 'stop',
    summary: 'stop a deployment',
    args: '<deployment-id>',
    connects: true,
    flags: [
      { name: 'force', description: 'stop even if ingest pipelines or inference endpoints use it' },
      { name: 'allow-no-match', description: 'succeed when no deployment matches' },
    ],
    examples: ['mldeploy stop my-model', 'mldeploy stop my-model --force'],
  },
  {
    name: 'verify',
    summary: 'replay the contract cases against a cluster and report where its answers differ',
    args: '',
    connects: true,
    flags: [
      {
        name: 'deployment',
        value: 'ID',
        description: 'a deployment to give up for the stateful cases (restored at the end)',
      },
      { name: 'cases', value: 'FILE', description: 'run these cases (JSON array or JSON Lines)' },
      { name: 'junit', value: 'FILE', description: 'also write a JUnit XML report' },
    ],
    examples: [
      'mldeploy verify --url https://my-cluster:9200 --api-key "$ES_API_KEY"',
      'mldeploy verify --deployment my-scratch-model --junit verify.xml',
      'mldeploy verify --cases recorded.jsonl --json',
    ],
  },
  {
    name: 'update-endpoint',
    summary: "change an inference endpoint's allocations (deployments it owns)",
    args: '<task> <id>',
    connects: true,
    flags: [
      { name: 'allocations', short: 'n', value: 'N', description: 'service_settings.num_allocations' },
      { name: 'adaptive', description: 'switch to adaptive allocations (with --min/--max)' },
      { name: 'min', value: 'N', description: 'adaptive min_number_of_allocations' },
      { name: 'max', value: 'N', description: 'adaptive max_number_of_allocations' },
      { name: 'timeout', value: 'DURATION', description: 'how long the server waits (default 30s)' },
    ],
    examples: [
      'mldeploy update-endpoint sparse_embedding my-elser --allocations 4',
      'mldeploy update-endpoint sparse_embedding my-elser --adaptive --min 0 --max 8',
    ],
  },
  {
    name: 'infer',
    summary: 'send one inference to a deployment (or, with --endpoint, an inference endpoint)',
    args: '<id> <text>',
    connects: true,
    flags: [
      {
        name: 'field',
        value: 'NAME',
        description: "the document field (default: the model's first input field)",
      },
      { name: 'endpoint', description: 'infer through the inference endpoint <id> (POST _inference)' },
      {
        name: 'task',
        value: 'TYPE',
        description: "with --endpoint: the task type (default: the endpoint's own)",
      },
      { name: 'timeout', value: 'DURATION', description: 'how long the request may wait' },
    ],
    examples: [
      'mldeploy infer my-ner-model "Elastic is headquartered in Mountain View"',
      'mldeploy infer .elser-2-elasticsearch "how do I scale a deployment" --endpoint',
    ],
  },
  {
    name: 'endpoint',
    summary:
      'create, list or delete inference endpoints (those of the elasticsearch service own deployments)',
    args: '<create|get|delete> [task] [id]',
    connects: true,
    flags: [
      { name: 'model', value: 'ID', description: 'create: service_settings.model_id' },
      { name: 'service', value: 'NAME', description: 'create: elasticsearch (default) or elser' },
      {
        name: 'allocations',
        short: 'n',
        value: 'N',
        description: 'create: service_settings.num_allocations',
      },
      { name: 'threads', value: 'N', description: 'create: service_settings.num_threads (default 1)' },
      { name: 'adaptive', description: 'create: adaptive allocations (with --min/--max)' },
      { name: 'min', value: 'N', description: 'create: adaptive min_number_of_allocations' },
      { name: 'max', value: 'N', description: 'create: adaptive max_number_of_allocations' },
      {
        name: 'deployment-id',
        value: 'ID',
        description: 'create: use this deployment instead of starting one',
      },
      { name: 'task', value: 'TYPE', description: 'get, delete: only endpoints of this task type' },
      { name: 'force', description: 'delete: even when pipelines or semantic_text fields use it' },
      { name: 'dry-run', description: 'delete: list what uses the endpoint, delete nothing' },
      {
        name: 'timeout',
        value: 'DURATION',
        description: 'create: how long to wait for the deployment (default 30s)',
      },
    ],
    examples: [
      'mldeploy endpoint create sparse_embedding my-elser --model .elser_model_2 --adaptive --min 0 --max 4',
      'mldeploy endpoint get',
      'mldeploy endpoint delete my-elser',
    ],
  },
  {
    name: 'validate',
    summary: "check an _update body offline; prints Elasticsearch's exact message",
    args: '[file|-]',
    connects: false,
    flags: [
      {
        name: 'deployment-id',
        value: 'ID',
        description: 'the deployment the body is for (checks a body model_id)',
      },
    ],
    examples: ['mldeploy validate body.json', `echo '{"number_of_allocations":0}' | mldeploy validate -`],
  },
  {
    name: 'schema',
    summary: 'print the JSON Schemas of the contract (or the OpenAPI document)',
    args: '',
    connects: false,
    flags: [{ name: 'openapi', description: 'print the OpenAPI 3.1 document instead' }],
    examples: ['mldeploy schema', 'mldeploy schema --openapi > openapi.json'],
  },
  {
    name: 'completion',
    summary: 'print a shell completion script',
    args: '<bash|zsh>',
    connects: false,
    flags: [],
    examples: [
      'mldeploy completion bash > /etc/bash_completion.d/mldeploy',
      'source <(mldeploy completion zsh)',
    ],
  },
];

/** The spec of a command by name. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** All flags a command accepts, its own first. */
export function flagsOf(spec: CommandSpec): FlagSpec[] {
  return [...spec.flags, ...(spec.connects ? CONNECTION_FLAGS : []), ...OUTPUT_FLAGS];
}
