// Listening: `http.Server`s carrying a request listener with the mock's connection settings, bound
// to an address (every address of `localhost` when asked for it), and closed with their connections.
import { lookup } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { answerClientError } from './client-error.js';
import type { RequestListener } from './request-listener.js';

/** How long an idle keep-alive connection is kept (the `Keep-Alive: timeout=72` clients see). */
const KEEP_ALIVE_MS = 72_000;

/** Open sockets of each server made here, so closing one cuts every connection it accepted. */
const sockets = new WeakMap<Server, Set<Socket>>();

/** An `http.Server` serving `listener`: keep-alive 72 s, no request timeout, a 400 for unparseable HTTP. */
export function createHttpServer(listener: RequestListener): Server {
  const server = createServer(listener);
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.requestTimeout = 0;
  server.on('clientError', answerClientError);
  const open = new Set<Socket>();
  sockets.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  return server;
}

/** Binds `server` to `host:port` and resolves once it listens. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** The port a listening server is bound to. */
export function portOf(server: Server): number {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/**
 * Listens on the other addresses `host` names (`localhost`: ::1 as well as 127.0.0.1) on the same
 * port as `primary`, each with a server from `newServer`; those that fail are skipped.
 */
export function listenOnOtherAddresses(
  host: string,
  primary: Server,
  newServer: () => Server,
): Promise<Server[]> {
  const address = primary.address();
  const bound = typeof address === 'object' && address ? address.address : '';
  const port = portOf(primary);
  return new Promise((resolve) => {
    lookup(host, { all: true }, (error, addresses) => {
      if (error) {
        resolve([]);
        return;
      }
      const others = addresses.filter((a) => a.address !== bound);
      Promise.all(
        others.map(async (a) => {
          const server = newServer();
          return listen(server, port, a.address).then(
            () => server,
            () => undefined,
          );
        }),
      ).then((servers) => resolve(servers.filter((s): s is Server => s !== undefined)));
    });
  });
}

/** Stops a server listening and cuts its connections, idle or not. */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    for (const socket of sockets.get(server) ?? []) {
      socket.destroy();
    }
  });
}
