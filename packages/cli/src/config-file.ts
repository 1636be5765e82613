import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './usage-error.js';

/** One named cluster of the config file. */
export interface ContextConfig {
  /** One URL, or several (the client's pool of nodes). */
  url?: string | string[];
  /** An Elastic Cloud ID, instead of `url`. */
  cloud_id?: string;
  api_key?: string;
  username?: string;
  password?: string;
  /** Path of a PEM CA file; relative paths are relative to the config file. */
  ca_cert?: string;
  insecure?: boolean;
}

/** The config file: named contexts and which one is current. */
export interface ConfigFile {
  path: string;
  current?: string;
  contexts: Record<string, ContextConfig>;
}

/** Where the config file is: `MLDEPLOY_CONFIG`, else `$XDG_CONFIG_HOME` or `~/.config`. */
export function configPath(env: Record<string, string | undefined>): { path: string; explicit: boolean } {
  if (env.MLDEPLOY_CONFIG) {
    return { path: resolve(env.MLDEPLOY_CONFIG), explicit: true };
  }
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return { path: join(base, 'mldeploy', 'config.json'), explicit: false };
}

/** Reads the config file; absent is fine unless `MLDEPLOY_CONFIG` names it, malformed never is. */
export function loadConfig(env: Record<string, string | undefined>): ConfigFile | undefined {
  const { path, explicit } = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw new UsageError(`cannot read config file ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`config file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`config file ${path} must hold an object with "contexts"`);
  }
  const raw = parsed as { current?: unknown; contexts?: unknown };
  const contexts = raw.contexts ?? {};
  if (typeof contexts !== 'object' || contexts === null || Array.isArray(contexts)) {
    throw new UsageError(`config file ${path}: "contexts" must be an object of named contexts`);
  }
  for (const [name, context] of Object.entries(contexts)) {
    checkContext(path, name, context);
  }
  const config: ConfigFile = { path, contexts: contexts as Record<string, ContextConfig> };
  if (typeof raw.current === 'string') {
    config.current = raw.current;
  }
  return config;
}

/** The CA path of a context, resolved against the config file's folder. */
export function contextCaPath(config: ConfigFile, context: ContextConfig): string | undefined {
  return context.ca_cert === undefined ? undefined : resolve(dirname(config.path), context.ca_cert);
}

const STRING_KEYS = ['cloud_id', 'api_key', 'username', 'password', 'ca_cert'] as const;

function checkContext(path: string, name: string, context: unknown): void {
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw new UsageError(`config file ${path}: context [${name}] must be an object`);
  }
  const record = context as Record<string, unknown>;
  const url = record.url;
  if (
    url !== undefined &&
    typeof url !== 'string' &&
    !(Array.isArray(url) && url.every((u) => typeof u === 'string'))
  ) {
    throw new UsageError(`config file ${path}: context [${name}].url must be a string or a list of strings`);
  }
  for (const key of STRING_KEYS) {
    if (record[key] !== undefined && typeof record[key] !== 'string') {
      throw new UsageError(`config file ${path}: context [${name}].${key} must be a string`);
    }
  }
  if (record.insecure !== undefined && typeof record.insecure !== 'boolean') {
    throw new UsageError(`config file ${path}: context [${name}].insecure must be true or false`);
  }
}
