import { connect, type Socket } from 'node:net';

/** An answer read off a raw socket: status, headers (lower-case names) and body text. */
export interface SocketAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the server closed the connection. */
  closed: boolean;
}

/** Opens a TCP connection to the server of `url`. */
export function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Parses one HTTP/1.1 answer with a content-length body out of `text`, or undefined if incomplete. */
export function parseAnswer(text: string, closed: boolean): SocketAnswer | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) {
    return undefined;
  }
  const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = text.slice(end + 4);
  const length = Number(headers['content-length'] ?? Number.NaN);
  if (!Number.isNaN(length) && Buffer.byteLength(body) < length && !closed) {
    return undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body, closed };
}

/**
 * Writes `data` on a new connection and resolves with the first answer, once complete (or once the
 * server closed the connection); rejects when nothing complete arrives within `timeoutMs`.
 */
export async function rawExchange(
  url: string,
  data: string | Buffer,
  timeoutMs = 5_000,
): Promise<SocketAnswer> {
  const socket = await openSocket(url);
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (closed: boolean) => {
      const answer = parseAnswer(text, closed);
      if (answer) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      } else if (closed) {
        clearTimeout(timer);
        reject(
          new Error(`connection closed without a complete answer: ${JSON.stringify(text.slice(0, 200))}`),
        );
      }
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms: ${JSON.stringify(text.slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.write(data);
  });
}

/** What a socket has received so far, and a way to wait for more without sleeping. */
export interface SocketReader {
  /** Everything received, as text. */
  readonly text: string;
  /** Whether the connection has closed. */
  readonly closed: boolean;
  /**
   * Resolves with the text once `done(text)` holds or the connection closed. `timeoutMs` is only a
   * bound against hanging forever (a rejection names what had arrived), never a speed expectation.
   */
  until(done: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Collects what `socket` receives, from now on. */
export function readSocket(socket: Socket): SocketReader {
  let text = '';
  let closed = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) {
      waiter();
    }
  };
  socket.on('data', (d: Buffer) => {
    text += d.toString('utf8');
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => {});
  return {
    get text() {
      return text;
    },
    get closed() {
      return closed;
    },
    until(done, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (done(text) || closed) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(text);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`still waiting after ${timeoutMs} ms; received ${JSON.stringify(text.slice(0, 200))}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Writes `data` and resolves once it is handed to the kernel (or the connection failed). */
export function written(socket: Socket, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    socket.write(data, () => resolve());
  });
}
