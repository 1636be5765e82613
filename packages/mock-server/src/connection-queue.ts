// Pipelining: requests are handled in the order they arrive on a connection. Node emits a
// pipelined request as soon as it parses it, before an earlier request's body has ended, so one
// that comes while an earlier body is still being read waits for it. After an answer that closes
// the connection, later requests are neither handled nor answered: their answers could never be
// written.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Handles one request on its connection. */
export type ConnectionHandler = (req: IncomingMessage, res: ServerResponse, queue: ConnectionQueue) => void;

/** What the adapter keeps per connection, for handling pipelined requests in order. */
export class ConnectionQueue {
  /** A request's body is being read: later requests wait. */
  #reading = false;
  /** An answer closes the connection: later requests are dropped. */
  #closing = false;
  /** Waiting requests and their answers, in pairs, oldest first. */
  readonly #waiting: Array<IncomingMessage | ServerResponse> = [];

  /** Handles a request now, or queues it behind a body being read, or drops it on a closing connection. */
  admit(req: IncomingMessage, res: ServerResponse, handle: ConnectionHandler): void {
    if (this.#closing) {
      return;
    }
    if (this.#reading) {
      this.#waiting.push(req, res);
      return;
    }
    handle(req, res, this);
  }

  /** A body is being read: requests that arrive meanwhile wait. */
  startReading(): void {
    this.#reading = true;
  }

  /** The body has been read: the requests that waited are handled, in order, until one reads a body. */
  doneReading(handle: ConnectionHandler): void {
    this.#reading = false;
    const waiting = this.#waiting;
    while (waiting.length > 0 && !this.#reading && !this.#closing) {
      const req = waiting.shift() as IncomingMessage;
      handle(req, waiting.shift() as ServerResponse, this);
    }
  }

  /** A body was refused: the connection closes after the answer, and nothing after it is handled. */
  refuse(): void {
    this.#reading = false;
    this.#closing = true;
    this.#waiting.length = 0;
  }
}

const queues = new WeakMap<Socket, ConnectionQueue>();

/** The queue of a request's connection (one per socket, whichever server accepted it). */
export function queueOf(socket: Socket): ConnectionQueue {
  let queue = queues.get(socket);
  if (queue === undefined) {
    queue = new ConnectionQueue();
    queues.set(socket, queue);
  }
  return queue;
}
