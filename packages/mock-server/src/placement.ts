// Placement of allocations on the simulated nodes: the memory a deployment needs on a node, the
// reservations every deployment's route targets hold in the capacity index (capacity-index.ts),
// where extra allocations go (`placeAllocations`) and which go when there are fewer
// (`reduceAllocations`). Elasticsearch's explanations are core's `PLACEMENT_MESSAGES`.
import { compareJavaStrings, estimateModelMemoryBytes, PLACEMENT_MESSAGES } from '@mldeploy/core/rules';
import { CapacityIndex, type CapacityNode, type Reserved } from './capacity-index.js';
import type { Deployment } from './deployment.js';
import type { SeedModel, SeedNode } from './seed-schema.js';

/**
 * The nodes' reservations and the placement rule over them. A registered deployment's route
 * targets are reserved ({@link account}); one being built (a `_start`) is placed against the rest.
 */
export class Placement {
  readonly #index = new CapacityIndex();
  #model: (id: string) => Readonly<SeedModel> | undefined = () => undefined;

  /** Starts over with these nodes and models, nothing reserved. */
  reset(nodes: readonly SeedNode[], model: (id: string) => Readonly<SeedModel> | undefined): void {
    this.#index.reset(nodes);
    this.#model = model;
  }

  /** The node's position in the seed, or -1. */
  position(id: string): number {
    return this.#index.position(id);
  }

  /** The memory one node needs to host `allocations` of this deployment (core's estimateModelMemoryBytes). */
  memoryOnNode(d: Pick<Deployment, 'model_id'>, allocations: number): number {
    const model = this.#model(d.model_id);
    return estimateModelMemoryBytes(model ?? { model_id: d.model_id, model_size_bytes: 0 }, allocations);
  }

  /** Adds (+1) or removes (-1) a deployment's reservations from the node totals. */
  account(d: Readonly<Deployment>, sign: 1 | -1): void {
    for (const [nodeId, r] of d.routes) {
      if (r.target > 0) {
        this.#index.add(
          nodeId,
          sign * r.target * d.threads_per_allocation,
          sign * this.memoryOnNode(d, r.target),
        );
      }
    }
  }

  /**
   * Places `n` allocations of `d` across the nodes, keeping its existing routes; `registered` says
   * whether its routes are reserved already (then they are not counted against it).
   */
  place(d: Readonly<Deployment>, n: number, registered: boolean): PlacementResult {
    const targets: Array<[string, number]> = [];
    for (const [nodeId, r] of d.routes) {
      targets.push([nodeId, r.target]);
    }
    return placeAllocations(this.#index, {
      routes: targets,
      reserved: registered,
      threads_per_allocation: d.threads_per_allocation,
      memoryOnNode: (allocations) => this.memoryOnNode(d, allocations),
      allocations: n,
    });
  }
}

/**
 * AllocationReducer.reduceTo(n): drop whole routes where that is enough (smallest first), then
 * take the rest from the largest routes.
 */
export function reduceAllocations(d: Readonly<Deployment>, n: number): Map<string, number> {
  const targets = new Map([...d.routes].filter(([, r]) => r.target > 0).map(([id, r]) => [id, r.target]));
  let excess = [...targets.values()].reduce((s, x) => s + x, 0) - n;
  const bySize = [...targets].sort((a, b) => a[1] - b[1] || compareJavaStrings(a[0], b[0]));
  for (const [nodeId, target] of bySize) {
    if (excess > 0 && target <= excess && targets.size > 1) {
      targets.set(nodeId, 0);
      excess -= target;
    }
  }
  while (excess > 0) {
    const [nodeId, target] = [...targets].sort(
      (a, b) => b[1] - a[1] || compareJavaStrings(a[0], b[0]),
    )[0] as [string, number];
    const cut = Math.min(excess, target);
    targets.set(nodeId, target - cut);
    excess -= cut;
  }
  return targets;
}

/** What {@link placeAllocations} needs of the deployment being placed. */
export interface PlacementRequest {
  /** Its current route targets by node id (routes with a target above 0 on known nodes count). */
  routes: Iterable<readonly [string, number]>;
  /** Whether its routes are already reserved in the index (then they are not counted against it). */
  reserved: boolean;
  threads_per_allocation: number;
  /** The memory one node needs to host `allocations` of it. */
  memoryOnNode: (allocations: number) => number;
  /** The allocations wanted in all. */
  allocations: number;
}

/** Where the allocations go: route targets by node id, their total, and why it fell short. */
export interface PlacementResult {
  routes: Map<string, number>;
  total: number;
  explanation: string;
}

/** A node the deployment is on during placement, in a max-heap by free processors then position. */
interface Hosting {
  position: number;
  here: number;
  /** Reserved on the node by every other deployment. */
  processors: number;
  memory: number;
  free: number;
}

/**
 * Places allocations one at a time, keeping the deployment's existing routes: each extra
 * allocation goes to the node with the most free processors, then one that already hosts the
 * deployment, then the first in the seed's order, among nodes with a free slot of
 * `threads_per_allocation` processors and the memory for one more allocation. The nodes that
 * already host it are kept in a small heap (their free memory depends on how many allocations they
 * hold); every other node is found through the index. The index is left as it was found.
 */
export function placeAllocations(index: CapacityIndex, request: PlacementRequest): PlacementResult {
  const nodes = index.nodes;
  const threads = request.threads_per_allocation;
  const routes = new Map<string, number>();
  const others = new Map<number, Reserved>();
  let total = 0;
  for (const [nodeId, target] of request.routes) {
    const position = index.position(nodeId);
    if (target > 0 && position >= 0) {
      routes.set(nodeId, target);
      total += target;
      const used = index.reserved(position);
      if (request.reserved) {
        used.processors -= target * threads;
        used.memory -= request.memoryOnNode(target);
      }
      others.set(position, used);
    }
  }
  if (total >= request.allocations) {
    return { routes, total, explanation: '' };
  }
  const heap: Hosting[] = [];
  const consider = (h: Hosting) => {
    const node = nodes[h.position] as CapacityNode;
    h.free = node.processors - h.processors - h.here * threads;
    return h.free >= threads && h.memory + request.memoryOnNode(h.here + 1) <= node.memory_bytes;
  };
  const masked: number[] = [];
  for (const [position, used] of others) {
    index.mask(position);
    masked.push(position);
    const h: Hosting = {
      position,
      here: routes.get((nodes[position] as CapacityNode).id) as number,
      processors: used.processors,
      memory: used.memory,
      free: 0,
    };
    if (consider(h)) {
      heapPush(heap, h);
    }
  }
  const memoryForOne = request.memoryOnNode(1);
  let explanation = '';
  try {
    while (total < request.allocations) {
      const fresh = index.best(threads, memoryForOne);
      const host = heap[0];
      if (fresh < 0 && host === undefined) {
        explanation = explain(index, request, routes, others);
        break;
      }
      const freshFree =
        fresh >= 0
          ? (nodes[fresh] as CapacityNode).processors - index.reserved(fresh).processors
          : Number.NEGATIVE_INFINITY;
      if (host !== undefined && host.free >= freshFree) {
        host.here += 1;
        routes.set((nodes[host.position] as CapacityNode).id, host.here);
        if (consider(host)) {
          heapDown(heap, 0);
        } else {
          heapPop(heap);
        }
      } else {
        const used = index.reserved(fresh);
        index.mask(fresh);
        masked.push(fresh);
        routes.set((nodes[fresh] as CapacityNode).id, 1);
        const h: Hosting = {
          position: fresh,
          here: 1,
          processors: used.processors,
          memory: used.memory,
          free: 0,
        };
        if (consider(h)) {
          heapPush(heap, h);
        }
      }
      total += 1;
    }
  } finally {
    for (const position of masked) {
      index.unmask(position);
    }
  }
  return { routes, total, explanation };
}

/** Why no node takes one more allocation: one line per node, as the server's planner says it. */
function explain(
  index: CapacityIndex,
  request: PlacementRequest,
  routes: Map<string, number>,
  others: Map<number, Reserved>,
): string {
  const nodes = index.nodes;
  if (nodes.length === 0) {
    return PLACEMENT_MESSAGES.noMlNodes;
  }
  const threads = request.threads_per_allocation;
  return PLACEMENT_MESSAGES.join(
    nodes.map((node, position) => {
      const here = routes.get(node.id) ?? 0;
      const used = others.get(position) ?? index.reserved(position);
      const free = node.processors - used.processors - here * threads;
      if (free < threads) {
        return PLACEMENT_MESSAGES.insufficientProcessors(
          node.name,
          node.processors,
          Math.max(0, free),
          threads,
        );
      }
      return PLACEMENT_MESSAGES.insufficientMemory(
        node.name,
        node.memory_bytes,
        used.memory + (here > 0 ? request.memoryOnNode(here) : 0),
        request.memoryOnNode(here + 1),
      );
    }),
  );
}

/** `a` comes before `b`: more free processors, then earlier in the seed. */
const before = (a: Hosting, b: Hosting) => a.free > b.free || (a.free === b.free && a.position < b.position);

function heapPush(heap: Hosting[], h: Hosting): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as Hosting, heap[parent] as Hosting)) {
      break;
    }
    [heap[i], heap[parent]] = [heap[parent] as Hosting, heap[i] as Hosting];
    i = parent;
  }
}

function heapPop(heap: Hosting[]): void {
  const last = heap.pop() as Hosting;
  if (heap.length > 0) {
    heap[0] = last;
    heapDown(heap, 0);
  }
}

function heapDown(heap: Hosting[], start: number): void {
  let i = start;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let top = i;
    if (l < heap.length && before(heap[l] as Hosting, heap[top] as Hosting)) {
      top = l;
    }
    if (r < heap.length && before(heap[r] as Hosting, heap[top] as Hosting)) {
      top = r;
    }
    if (top === i) {
      return;
    }
    [heap[i], heap[top]] = [heap[top] as Hosting, heap[i] as Hosting];
    i = top;
  }
}
