/**
 * A fetch that trusts a custom CA or skips certificate checks. Node's global fetch cannot take TLS
 * options, so undici (the library behind it) is loaded here, lazily, only when those options are used;
 * the specifier is kept opaque so browser bundles never try to include it.
 */
export function tlsFetch(options: { ca?: string | Uint8Array; rejectUnauthorized?: boolean }): typeof fetch {
  let loaded: Promise<typeof fetch> | undefined;
  const load = async (): Promise<typeof fetch> => {
    const specifier = 'undici';
    const undici = (await import(/* @vite-ignore */ specifier)) as typeof import('undici');
    const connect: Record<string, unknown> = {};
    if (options.ca !== undefined) {
      connect.ca = typeof options.ca === 'string' ? options.ca : new TextDecoder().decode(options.ca);
    }
    if (options.rejectUnauthorized !== undefined) {
      connect.rejectUnauthorized = options.rejectUnauthorized;
    }
    const dispatcher = new undici.Agent({ connect });
    return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
      undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
  };
  return async (input, init) => {
    loaded ??= load();
    return (await loaded)(input, init);
  };
}
