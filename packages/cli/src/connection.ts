import { readFileSync } from 'node:fs';
import { CloudIdError, parseCloudId } from '@mldeploy/client/cloud-id';
import { CONNECTION_FLAGS, DEFAULT_URL } from './common-flags.js';
import { type ConfigFile, type ContextConfig, contextCaPath, loadConfig } from './config-file.js';
import { envValue, type FlagValues } from './flag-spec.js';
import type { Redactor } from './redactor.js';
import { UsageError } from './usage-error.js';

/** Credentials in the shape the client takes: an encoded API key, its id and key, or basic auth. */
export type Auth =
  | { apiKey: string | { id: string; api_key: string } }
  | { username: string; password: string };

/** Where and how to connect, with where each part came from (for `--verbose`-style messages). */
export interface Connection {
  /** The first node's URL (what messages name). */
  url: string;
  /** Every node's URL, the first being {@link url}: the client's pool. */
  urls: string[];
  auth?: Auth;
  /** PEM text of the CA to trust. */
  ca?: string;
  insecure: boolean;
  /** `flag`, `env`, `context <name>` or `default`. */
  urlSource: string;
}

export { DEFAULT_URL };

type Env = Record<string, string | undefined>;

/** The connection flags as parsed; their environment variables are in {@link CONNECTION_FLAGS}. */
export type ConnectionFlags = FlagValues<typeof CONNECTION_FLAGS>;

const fromEnv = (env: Env, name: keyof typeof CONNECTION_FLAGS): string | undefined =>
  envValue(CONNECTION_FLAGS[name], env);

/**
 * Resolves the connection: flags, then the environment, then the config file's context. An explicit
 * `--context` beats the environment (it is a flag). A context's credentials are used only with that
 * context's URL, so a key for one cluster is never sent to another. Registers every secret with the
 * redactor before anything can print it.
 */
export function resolveConnection(flags: ConnectionFlags, env: Env, redactor: Redactor): Connection {
  const flagAuth = authFrom(flags['api-key'], flags.username, flags.password, '--');
  const envAuth = authFrom(fromEnv(env, 'api-key'), fromEnv(env, 'username'), fromEnv(env, 'password'), '$');
  const contextFlag = flags.context;
  const contextName = contextFlag ?? fromEnv(env, 'context');
  const config = loadConfig(env);
  const context = pickContext(config, contextName);

  // Each level names the cluster by URLs or by an Elastic Cloud ID, not both.
  const flagUrl = urlOrCloudId(splitUrls(flags.url), flags['cloud-id'], '--url', '--cloud-id');
  // The environment and the context are read only when the flags leave the choice to them.
  const envUrl = () =>
    urlOrCloudId(
      splitUrls(fromEnv(env, 'url')),
      fromEnv(env, 'cloud-id'),
      CONNECTION_FLAGS.url.env?.[0] ?? 'url',
      CONNECTION_FLAGS['cloud-id'].env?.[0] ?? 'cloud-id',
    );
  const hasEnvUrl = (fromEnv(env, 'url') ?? fromEnv(env, 'cloud-id')) !== undefined;
  const contextUrl =
    context && flagUrl === undefined && (contextFlag !== undefined || !hasEnvUrl)
      ? urlOrCloudId(
          splitUrls(context.config.url),
          context.config.cloud_id,
          `context ${context.name} url`,
          `context ${context.name} cloud_id`,
        )
      : undefined;
  let urls: string[];
  let urlSource: string;
  let fromContext = false;
  if (flagUrl !== undefined) {
    [urls, urlSource] = [flagUrl, 'flag'];
  } else if (context && contextUrl !== undefined) {
    [urls, urlSource, fromContext] = [contextUrl, `context ${context.name}`, true];
  } else if (hasEnvUrl) {
    [urls, urlSource] = [envUrl() ?? [DEFAULT_URL], 'env'];
  } else {
    [urls, urlSource] = [[DEFAULT_URL], 'default'];
  }
  // Credentials in a URL become basic auth (as the client treats them) and leave the URL, so no
  // printed URL carries them; explicit credentials win over them, as in the official client.
  let urlAuth: Auth | undefined;
  urls = urls.map((url) => {
    const parsed = checkUrl(url, urlSource);
    if (parsed.username === '' && parsed.password === '') {
      return url.replace(/\/+$/, '');
    }
    const auth = {
      username: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
    };
    urlAuth ??= auth;
    redactor.add(parsed.password || undefined);
    registerSecrets(redactor, auth);
    parsed.username = '';
    parsed.password = '';
    return parsed.href.replace(/\/+$/, '');
  });

  const contextAuth =
    fromContext && context
      ? authFrom(
          context.config.api_key,
          context.config.username,
          context.config.password,
          `context ${context.name} `,
        )
      : undefined;
  const auth = flagAuth ?? envAuth ?? contextAuth ?? urlAuth;
  registerSecrets(redactor, auth);
  registerSecrets(redactor, urlAuth);
  // Secrets of sources that lost are scrubbed too: they must not leak through an error message.
  registerSecrets(redactor, flagAuth);
  registerSecrets(redactor, envAuth);
  if (context) {
    registerSecrets(
      redactor,
      authFrom(context.config.api_key, context.config.username, context.config.password, ''),
    );
  }

  const caPath =
    flags['ca-cert'] ??
    fromEnv(env, 'ca-cert') ??
    (fromContext && context && config ? contextCaPath(config, context.config) : undefined);
  const insecure =
    flags.insecure ||
    ['1', 'true'].includes(fromEnv(env, 'insecure') ?? '') ||
    (fromContext && context?.config.insecure === true);

  const connection: Connection = { url: urls[0] ?? DEFAULT_URL, urls, insecure, urlSource };
  if (auth) {
    connection.auth = auth;
  }
  if (caPath !== undefined) {
    connection.ca = readCa(caPath);
  }
  return connection;
}

/** The Authorization header value with the secret replaced, as `--dry-run` shows it. */
export function redactedAuthorization(auth: Auth | undefined): string | undefined {
  if (!auth) {
    return undefined;
  }
  return 'apiKey' in auth ? 'ApiKey [redacted]' : 'Basic [redacted]';
}

function authFrom(
  apiKey: string | undefined,
  username: string | undefined,
  password: string | undefined,
  where: string,
): Auth | undefined {
  if (apiKey !== undefined && apiKey !== '') {
    // Base64 has no colon, so `id:key` is the unencoded pair the API key API answers with.
    const colon = apiKey.indexOf(':');
    return colon > 0
      ? { apiKey: { id: apiKey.slice(0, colon), api_key: apiKey.slice(colon + 1) } }
      : { apiKey };
  }
  if (password !== undefined && password !== '') {
    // Elastic's images and docs pair ELASTIC_PASSWORD with the built-in `elastic` user.
    return { username: username || 'elastic', password };
  }
  if (username !== undefined && username !== '') {
    throw new UsageError(
      `a username was given without a password (${where}username)`,
      'add --password or ELASTIC_PASSWORD, or use --api-key',
    );
  }
  return undefined;
}

function pickContext(
  config: ConfigFile | undefined,
  name: string | undefined,
): { name: string; config: ContextConfig } | undefined {
  const wanted = name ?? config?.current;
  if (wanted === undefined) {
    return undefined;
  }
  const found = config?.contexts[wanted];
  if (!found) {
    const known = Object.keys(config?.contexts ?? {});
    throw new UsageError(
      `no context [${wanted}] in ${config ? config.path : 'the config file (none found)'}`,
      known.length
        ? `known contexts: ${known.join(', ')}`
        : 'set MLDEPLOY_CONFIG or create ~/.config/mldeploy/config.json',
    );
  }
  return { name: wanted, config: found };
}

/**
 * The URL of one level of settings: its URL, or the https URL its Elastic Cloud ID decodes to (as
 * the official clients decode it). Both at once, or a Cloud ID that does not decode, is a usage error.
 */
function urlOrCloudId(
  urls: string[],
  cloudId: string | undefined,
  urlName: string,
  cloudIdName: string,
): string[] | undefined {
  if (cloudId === undefined || cloudId === '') {
    return urls.length > 0 ? urls : undefined;
  }
  if (urls.length > 0) {
    throw new UsageError(`${urlName} and ${cloudIdName} both name the cluster`, 'give one of them');
  }
  try {
    return [parseCloudId(cloudId).url];
  } catch (e) {
    if (e instanceof CloudIdError) {
      throw new UsageError(
        `invalid Cloud ID [${cloudId}] (from ${cloudIdName}): ${e.message}`,
        'copy the Cloud ID from the Elastic Cloud console; it looks like name:base64text',
      );
    }
    throw e;
  }
}

/** URLs given as a list, a string of URLs separated by commas or whitespace, or both. */
function splitUrls(value: string | readonly string[] | undefined): string[] {
  const values = value === undefined ? [] : typeof value === 'string' ? [value] : value;
  return values.flatMap((v) => v.split(/[\s,]+/)).filter((v) => v !== '');
}

function checkUrl(url: string, source: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`invalid URL [${url}] (from ${source})`, 'expected e.g. https://localhost:9200');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UsageError(`invalid URL [${url}] (from ${source}): only http and https are supported`);
  }
  return parsed;
}

function readCa(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read CA certificate ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

function registerSecrets(redactor: Redactor, auth: Auth | undefined): void {
  if (!auth) {
    return;
  }
  if ('apiKey' in auth) {
    const key = auth.apiKey;
    if (typeof key === 'string') {
      redactor.add(key);
    } else {
      redactor.add(`${key.id}:${key.api_key}`);
      redactor.add(key.api_key);
    }
  } else {
    redactor.addBasic(auth.username, auth.password);
  }
}
