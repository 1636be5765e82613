import { connectOptions, nodeImport, type TlsOptions } from './wire.js';

/**
 * A fetch that trusts a custom CA, skips certificate checks or goes through a proxy, for
 * `transport: 'fetch'` in Node. Node's global fetch cannot take these options, so undici (the
 * library behind it) is loaded here, lazily, only when they are used.
 */
export function tlsFetch(options: TlsOptions): typeof fetch {
  let loaded: Promise<typeof fetch> | undefined;
  const load = async (): Promise<typeof fetch> => {
    const undici = await nodeImport<typeof import('undici')>('undici');
    const dispatcher =
      options.proxy === undefined
        ? new undici.Agent({ connect: connectOptions(options) })
        : options.proxy === 'env'
          ? new undici.EnvHttpProxyAgent({
              connect: connectOptions(options),
              requestTls: connectOptions(options),
            } as never)
          : new undici.ProxyAgent({ uri: options.proxy, requestTls: connectOptions(options) });
    return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  };
  return async (input, init) => {
    loaded ??= load();
    return (await loaded)(input, init);
  };
}
