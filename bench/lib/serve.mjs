// A server in its own process, so the load generator and the server do not share an event loop
// (and, on 2 cores, each gets one). Run with --expose-gc; talks to its parent over IPC.
//   node --expose-gc serve.mjs mock <seed.json|-> [version] [n]  the mock server (version: claim it; n HTTP nodes)
//   node --expose-gc serve.mjs bare                              a bare node:http server
//   node --expose-gc serve.mjs hold <seed.json>                  only JSON.parse the seed, keep it
// Messages out: { ready, url, memory: { before, after } }. Messages in: { canned } (bare), 'stop'.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [mode, seedPath, version, httpNodes] = process.argv.slice(2);

function memory() {
  globalThis.gc?.();
  globalThis.gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapUsed, rss };
}

let stop = async () => {};

if (mode === 'mock') {
  const { startMockServer } = await import('@mldeploy/mock-server');
  const before = memory();
  const options = { port: 0, quiet: true };
  if (seedPath && seedPath !== '-') {
    options.seed = seedPath;
  }
  if (httpNodes) {
    options.httpNodes = Number(httpNodes);
  }
  const server = await startMockServer(options);
  const after = memory();
  if (version) {
    // The official 9.x client sends `compatible-with=9`, which an 8.x server rightly refuses.
    const state = server.state();
    await server.reset({ ...state, cluster: { ...state.cluster, version } });
  }
  stop = () => server.close();
  process.send({
    ready: true,
    url: server.url,
    urls: server.nodes.map((n) => n.url),
    memory: { before, after },
  });
} else if (mode === 'bare') {
  // Answers every request with the canned response the parent sends: same status, headers and
  // bytes as the mock's answer. It reads the request body first, as any real handler must.
  let canned = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  process.on('message', (m) => {
    if (m && typeof m === 'object' && m.canned) {
      canned = m.canned;
      canned.buffer = Buffer.from(canned.body);
      process.send({ cannedSet: true });
    }
  });
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(canned.status, { ...canned.headers, 'content-length': canned.buffer?.length ?? 2 });
      res.end(canned.buffer ?? '{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  stop = () => new Promise((resolve) => server.close(resolve));
  process.send({ ready: true, url: `http://127.0.0.1:${server.address().port}` });
} else if (mode === 'hold') {
  const before = memory();
  const held = JSON.parse(readFileSync(seedPath, 'utf8'));
  const after = memory();
  process.send({ ready: true, memory: { before, after }, size: held.deployments.length });
} else {
  throw new Error(`unknown mode ${mode}`);
}

process.on('message', async (m) => {
  if (m === 'stop') {
    await stop();
    process.exit(0);
  }
});
