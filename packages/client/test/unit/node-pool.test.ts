import { describe, expect, it } from 'vitest';
import { Diagnostic } from '../../src/diagnostic.js';
import {
  defaultNodeFilter,
  type Host,
  NodePool,
  RESURRECT_TIMEOUT_MS,
} from '../../src/internal/node-pool.js';
import { isRetrySafe, neverSent } from '../../src/internal/retry-rule.js';
import { hostsOf } from '../../src/internal/sniffer.js';

const hosts = (n: number): Host[] =>
  Array.from({ length: n }, (_, i) => ({ url: `http://127.0.0.1:${9200 + i}`, id: `n${i}` }));

function pool(n: number, t = { now: 0 }) {
  const closed: string[] = [];
  const p = new NodePool(
    hosts(n),
    (url) =>
      Object.assign(async () => ({ status: 200, headers: {}, text: '' }), {
        close: async () => {
          closed.push(url);
        },
      }),
    {
      selector: 'round-robin',
      filter: defaultNodeFilter,
      resurrectStrategy: 'none',
      now: () => t.now,
      diagnostic: new Diagnostic(),
      ping: async () => 200,
    },
  );
  return { pool: p, closed, t };
}

describe('the node pool', () => {
  it('doubles the resurrection timeout per failure in a row, up to 2^5 (the official client)', () => {
    const { pool: p, t } = pool(2);
    const node = p.select(1);
    const timeouts: number[] = [];
    for (let i = 0; i < 8; i++) {
      p.markDead(node as NonNullable<typeof node>);
      timeouts.push((node?.resurrectAt ?? 0) - t.now);
    }
    expect(timeouts).toEqual([1, 2, 4, 8, 16, 32, 32, 32].map((k) => k * RESURRECT_TIMEOUT_MS));
    p.markAlive(node as NonNullable<typeof node>);
    expect(node).toMatchObject({ status: 'alive', deadCount: 0, resurrectAt: 0 });
  });

  it('uses the dead nodes when none is alive', () => {
    const { pool: p } = pool(2);
    const [a, b] = [p.select(1), p.select(2)];
    p.markDead(a as NonNullable<typeof a>);
    p.markDead(b as NonNullable<typeof b>);
    expect([p.select(3), p.select(4)].map((n) => n?.id).sort()).toEqual(['n0', 'n1']);
  });

  it('keeps known nodes on update (sniffing) and closes the ones gone', () => {
    const { pool: p, closed } = pool(3);
    const first = p.select(1);
    p.markDead(first as NonNullable<typeof first>);
    p.update([
      { url: 'http://127.0.0.1:9200', id: 'n0' },
      { url: 'http://127.0.0.1:9300', id: 'new' },
    ]);
    expect(p.nodes.map((n) => [n.id, n.status])).toEqual([
      ['n0', 'alive'],
      ['new', 'alive'],
    ]);
    expect(p.nodes[0]).toBe(first);
    expect(closed.sort()).toEqual(['http://127.0.0.1:9201', 'http://127.0.0.1:9202']);
  });

  it('filters master-only nodes by default, and only those', () => {
    const roles = (master: boolean, data: boolean, ingest: boolean, ml: boolean) => ({
      master,
      data,
      ingest,
      ml,
    });
    const info = (r?: ReturnType<typeof roles>) => ({
      id: 'x',
      url: 'http://x',
      roles: r,
      status: 'alive' as const,
      deadCount: 0,
      resurrectAt: 0,
    });
    expect(defaultNodeFilter(info(roles(true, false, false, false)))).toBe(false);
    expect(defaultNodeFilter(info(roles(true, false, false, true)))).toBe(true);
    expect(defaultNodeFilter(info(roles(false, false, false, false)))).toBe(true);
    expect(defaultNodeFilter(info(undefined))).toBe(true);
  });
});

describe('the retry rule', () => {
  it('repeats reads and the writes a repeat answers the same; not _start, _stop, or a model put or deleted', () => {
    expect(isRetrySafe('GET', 'ml.get_trained_models_stats')).toBe(true);
    expect(isRetrySafe('HEAD', undefined)).toBe(true);
    expect(isRetrySafe('PUT', 'inference.update')).toBe(true);
    expect(isRetrySafe('POST', 'ml.update_trained_model_deployment')).toBe(true);
    expect(isRetrySafe('POST', 'ml.clear_trained_model_deployment_cache')).toBe(true);
    expect(isRetrySafe('POST', 'ml.infer_trained_model')).toBe(true);
    expect(isRetrySafe('PUT', 'inference.put')).toBe(false);
    expect(isRetrySafe('DELETE', 'inference.delete')).toBe(false);
    expect(isRetrySafe('POST', 'ml.start_trained_model_deployment')).toBe(false);
    expect(isRetrySafe('POST', 'ml.stop_trained_model_deployment')).toBe(false);
    expect(isRetrySafe('PUT', 'ml.put_trained_model')).toBe(false);
    expect(isRetrySafe('DELETE', 'ml.delete_trained_model')).toBe(false);
    // A raw request has no API name: only a read is repeated.
    expect(isRetrySafe('POST', undefined)).toBe(false);
    expect(isRetrySafe('PUT', undefined)).toBe(false);
  });

  it('knows a connection that was never made, through causes and aggregate errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(neverSent(refused)).toBe(true);
    expect(neverSent(new TypeError('fetch failed', { cause: new AggregateError([refused]) }))).toBe(true);
    expect(neverSent(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(false);
  });
});

describe('reading _nodes/_all/http', () => {
  it('takes publish addresses in both forms, skips nodes without http, keeps roles', () => {
    const body = {
      nodes: {
        a: { roles: ['master'], http: { publish_address: '127.0.0.1:9200' } },
        b: { roles: ['data_hot', 'ingest'], http: { publish_address: 'es-b.local/10.0.0.2:9201' } },
        c: { roles: ['ml'] },
      },
    };
    expect(hostsOf(body, 'https:')).toEqual([
      {
        url: 'https://127.0.0.1:9200',
        id: 'a',
        roles: { master: true, data: false, ingest: false, ml: false },
      },
      {
        url: 'https://es-b.local:9201',
        id: 'b',
        roles: { master: false, data: true, ingest: true, ml: false },
      },
    ]);
    expect(() => hostsOf({}, 'http:')).toThrow(/no nodes/);
  });
});
