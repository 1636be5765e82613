import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { closedPort, useServer } from '../src/vitest.js';

let started = 0;
let closed = 0;
const handle = useServer(async () => {
  started += 1;
  return {
    name: 'fake',
    close: async () => {
      closed += 1;
    },
  };
});

describe('test helpers', () => {
  it('start the server once for the file and hand it out', () => {
    expect(handle.server.name).toBe('fake');
    expect(handle.server.name).toBe('fake');
    expect(started).toBe(1);
    expect(closed).toBe(0);
  });

  it('find a port nothing listens on', async () => {
    const port = await closedPort();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve('connected'));
      socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
