import { connectOptions, type TlsOptions } from './wire.js';

type Undici = typeof import('undici');

/**
 * The dispatcher for the `proxy` option: undici's `EnvHttpProxyAgent` for `'env'` (`HTTP_PROXY`,
 * `HTTPS_PROXY`, `NO_PROXY`), else a `ProxyAgent` for the URL; TLS options apply to the nodes.
 */
export function proxyAgent(
  undici: Undici,
  tls: TlsOptions & { proxy: string },
): InstanceType<Undici['ProxyAgent']> | InstanceType<Undici['EnvHttpProxyAgent']> {
  const requestTls = connectOptions(tls);
  return tls.proxy === 'env'
    ? new undici.EnvHttpProxyAgent({ connect: requestTls, requestTls } as never)
    : new undici.ProxyAgent({ uri: tls.proxy, requestTls });
}
