import { bool, type FlagTable, list, text } from './flag-spec.js';

/** The default URL: a local Elasticsearch, or `mldeploy-mock` on its default port. */
export const DEFAULT_URL = 'http://127.0.0.1:9200';

/** Flags every connecting command accepts; connection.ts layers them over the config file. */
export const CONNECTION_FLAGS = {
  url: list({
    config: 'url',
    value: 'URL',
    description: `Elasticsearch URL; repeat or comma-separate for several nodes (default ${DEFAULT_URL})`,
    env: ['ELASTICSEARCH_URL', 'ES_URL'],
  }),
  'cloud-id': text({
    config: 'cloud_id',
    value: 'ID',
    description: 'Elastic Cloud ID, instead of --url',
    env: ['ELASTIC_CLOUD_ID'],
  }),
  'api-key': text({
    config: 'api_key',
    value: 'KEY',
    description: 'API key, encoded or id:key',
    env: ['ELASTIC_API_KEY', 'ES_API_KEY', 'ELASTICSEARCH_API_KEY'],
    secret: true,
  }),
  username: text({
    config: 'username',
    value: 'USER',
    description: 'basic auth user',
    env: ['ELASTIC_USERNAME', 'ES_USERNAME', 'ELASTICSEARCH_USERNAME'],
  }),
  password: text({
    config: 'password',
    value: 'PASS',
    description: 'basic auth password',
    env: ['ELASTIC_PASSWORD', 'ES_PASSWORD', 'ELASTICSEARCH_PASSWORD'],
    secret: true,
  }),
  'ca-cert': text({
    config: 'ca_cert',
    value: 'FILE',
    description: 'PEM file of the CA to trust',
    env: ['ELASTICSEARCH_CA', 'ES_CA_CERT'],
    file: true,
  }),
  insecure: bool({
    config: 'insecure',
    description: 'do not verify the TLS certificate',
    env: ['ELASTICSEARCH_INSECURE', 'ES_SSL_SKIP_VERIFY'],
  }),
  verbose: bool({
    short: 'v',
    description: 'print the method, path, status and serving node of each request to stderr',
  }),
  context: text({
    config: 'current',
    value: 'NAME',
    description: 'use this context of the config file',
    env: ['MLDEPLOY_CONTEXT'],
  }),
} satisfies FlagTable;

/** The output formats; `wide` is the human format with every column in full. */
export const OUTPUT_FORMATS = ['human', 'wide', 'json'] as const;

/** Flags every command accepts. */
export const OUTPUT_FLAGS = {
  json: bool({ description: 'print one JSON document (same as -o json)' }),
  output: text({
    short: 'o',
    value: 'FORMAT',
    choices: OUTPUT_FORMATS,
    env: ['MLDEPLOY_OUTPUT'],
    description: 'output format (default human, also when piped)',
  }),
  'no-color': bool({ description: 'no colours', env: ['NO_COLOR'] }),
  help: bool({ short: 'h', description: 'show help' }),
} satisfies FlagTable;

/** The flags every command's parsed values include, whichever command it is. */
export type CommonFlags = typeof CONNECTION_FLAGS & typeof OUTPUT_FLAGS;

/** All flags a command accepts by long name: its own, then connection, then output flags. */
export function flagsOf(spec: { flags: FlagTable; connects: boolean }): FlagTable {
  return { ...spec.flags, ...(spec.connects ? CONNECTION_FLAGS : {}), ...OUTPUT_FLAGS };
}
