#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listenNotice } from './listen-notice.js';
import { SeedError } from './seed.js';
import { startMockServer } from './server.js';

const HELP = `mldeploy-mock: a stateful stand-in for Elasticsearch's ML trained model deployment APIs

Usage: mldeploy-mock [options]

Options:
  --port <n>          port on the host (0: a free port)          default 9200
  --host <addr>       loopback, or 0.0.0.0 / :: (all interfaces) default 127.0.0.1
  --seed <file>       seed document (JSON)                       default: built-in seed
  --state-file <file> keep state across restarts (atomic writes)
  --console-dir <dir> serve the built console at /_console/
  --converge-ms <n>   time for allocation changes to converge    default: the seed's
  --es-version <v>    Elasticsearch version to behave as (x.y.z) default: the seed's (9.4.0)
  --max-body <bytes>  largest request body (413 above)           default 104857600
  --journal-size <n>  requests kept by GET /_mock/requests (0: off) default 1000
  --clock <kind>      simulated time: system, or manual (moves only by POST /_mock/advance)
  --http-nodes <n>    serve the cluster on n ports, one per node  default 1
                      (the first on --port, the others on free ports)
  --quiet             no per-request log lines (violations are still printed, on stderr)

Proxy mode (forward Elasticsearch requests to a real cluster, judge its answers against the contract):
  --proxy <url>             the upstream cluster; /_mock/ stays local
  --proxy-api-key <key>     upstream API key (encoded id:key)  env MLDEPLOY_PROXY_API_KEY
  --proxy-username <name>   upstream user (with --proxy-password)
  --proxy-password <pass>   env MLDEPLOY_PROXY_PASSWORD
  --proxy-ca <file>         PEM certificate(s) to trust for an https upstream
  --proxy-insecure          accept any upstream certificate (testing only)
  --record <file>           append each exchange as a contract case (JSON Lines)
  -h, --help          show this help
  -v, --version       show the version

Examples:
  mldeploy-mock
  mldeploy-mock --port 0 --seed seed.json --state-file state.json --quiet
  mldeploy-mock --proxy https://my-cluster:9243 --proxy-api-key "$KEY" --record cases.jsonl
`;

function fail(message: string): never {
  process.stderr.write(`mldeploy-mock: ${message}\n`);
  process.exit(2);
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(value) || Number(value) < min) {
    fail(`--${name} must be an integer >= ${min}, got [${value}]`);
  }
  return Number(value);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      'state-file': { type: 'string' },
      'console-dir': { type: 'string' },
      'converge-ms': { type: 'string' },
      'es-version': { type: 'string' },
      'max-body': { type: 'string' },
      'journal-size': { type: 'string' },
      clock: { type: 'string' },
      'http-nodes': { type: 'string' },
      quiet: { type: 'boolean' },
      proxy: { type: 'string' },
      'proxy-api-key': { type: 'string' },
      'proxy-username': { type: 'string' },
      'proxy-password': { type: 'string' },
      'proxy-ca': { type: 'string' },
      'proxy-insecure': { type: 'boolean' },
      record: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
    strict: true,
    allowPositionals: false,
  });
}
try {
  args = parse();
} catch (e) {
  fail(`${(e as Error).message} (see --help)`);
}
const v = args.values;
if (v.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (v.version) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}
const port = integer('port', v.port, 0) ?? 9200;
if (port > 65_535) {
  fail(`--port must be at most 65535, got [${port}]`);
}
const options: Parameters<typeof startMockServer>[0] = { port, quiet: v.quiet ?? false };
if (v.host !== undefined) {
  options.host = v.host;
}
if (v.seed !== undefined) {
  options.seed = v.seed;
}
if (v['state-file'] !== undefined) {
  options.stateFile = v['state-file'];
}
if (v['console-dir'] !== undefined) {
  options.consoleDir = v['console-dir'];
}
const converge = integer('converge-ms', v['converge-ms'], 0);
if (converge !== undefined) {
  options.convergeMs = converge;
}
if (v['es-version'] !== undefined) {
  if (!/^\d+\.\d+\.\d+$/.test(v['es-version'])) {
    fail(`--es-version must be a version such as 8.19.0 or 9.4.0, got [${v['es-version']}]`);
  }
  options.esVersion = v['es-version'];
}
const journalSize = integer('journal-size', v['journal-size'], 0);
if (journalSize !== undefined) {
  options.journalSize = journalSize;
}
if (v.clock !== undefined) {
  if (v.clock !== 'system' && v.clock !== 'manual') {
    fail(`--clock must be system or manual, got [${v.clock}]`);
  }
  options.clock = v.clock;
}
const maxBody = integer('max-body', v['max-body'], 1);
if (maxBody !== undefined) {
  options.maxBodyBytes = maxBody;
}

const apiKey = v['proxy-api-key'] ?? process.env.MLDEPLOY_PROXY_API_KEY;
const password = v['proxy-password'] ?? process.env.MLDEPLOY_PROXY_PASSWORD;
if (v.proxy === undefined) {
  const stray = [
    'proxy-api-key',
    'proxy-username',
    'proxy-password',
    'proxy-ca',
    'proxy-insecure',
    'record',
  ].find((name) => v[name as keyof typeof v] !== undefined);
  if (stray !== undefined) {
    fail(`--${stray} needs --proxy <url>`);
  }
} else {
  if (!/^https?:\/\//i.test(v.proxy)) {
    fail(`--proxy must be an http:// or https:// URL, got [${v.proxy.replace(/\/\/[^@/]*@/, '//***@')}]`);
  }
  if (apiKey !== undefined && (v['proxy-username'] !== undefined || password !== undefined)) {
    fail('--proxy-api-key and --proxy-username/--proxy-password are exclusive');
  }
  if ((v['proxy-username'] === undefined) !== (password === undefined)) {
    fail('--proxy-username and --proxy-password go together');
  }
  const proxy: NonNullable<typeof options.proxy> = {
    url: v.proxy,
    onViolation: (line) => process.stderr.write(`${line}\n`),
  };
  if (apiKey !== undefined) {
    proxy.auth = { apiKey };
  } else if (v['proxy-username'] !== undefined && password !== undefined) {
    proxy.auth = { username: v['proxy-username'], password };
  }
  if (v['proxy-ca'] !== undefined) {
    try {
      proxy.ca = readFileSync(v['proxy-ca']);
    } catch (e) {
      fail(`--proxy-ca [${v['proxy-ca']}] cannot be read: ${(e as Error).message}`);
    }
  }
  if (v['proxy-insecure']) {
    proxy.insecure = true;
  }
  if (v.record !== undefined) {
    proxy.record = v.record;
  }
  options.proxy = proxy;
}

const httpNodes = integer('http-nodes', v['http-nodes'], 1);
if (httpNodes !== undefined) {
  if (httpNodes > 64) {
    fail(`--http-nodes must be at most 64, got [${httpNodes}]`);
  }
  if (httpNodes > 1) {
    options.httpNodes = httpNodes;
  }
}

try {
  const server = await startMockServer(options);
  process.stdout.write(`mldeploy-mock listening on ${server.url}\n`);
  if (server.nodes.length > 1) {
    for (const node of server.nodes) {
      process.stdout.write(`  node ${node.name} on ${node.url}\n`);
    }
  }
  if (server.upstream !== undefined) {
    process.stdout.write(`proxying Elasticsearch requests to ${server.upstream}\n`);
  }
  const notice = listenNotice(server.host, server.state().security.enabled);
  if (notice) {
    process.stdout.write(`${notice}\n`);
  }
  if (options.consoleDir) {
    process.stdout.write(`console: ${server.url}/_console/\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    process.stdout.write(`mldeploy-mock: ${signal}, closing\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (e) {
  if (e instanceof SeedError) {
    fail(e.message);
  }
  const error = e as NodeJS.ErrnoException;
  if (error.code === 'EADDRINUSE') {
    fail(`port ${port} is already in use; pick another with --port (0 for a free one)`);
  }
  fail(error.message);
}
