import { proxyAgent } from './proxy-agent.js';
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
        : proxyAgent(undici, { ...options, proxy: options.proxy });
    return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  };
  return async (input, init) => {
    loaded ??= load();
    return (await loaded)(input, init);
  };
}
