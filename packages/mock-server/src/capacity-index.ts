/**
 * Free capacity of the simulated nodes, indexed so that placing an allocation does not scan every
 * node (docs/architecture.md, "Placement").
 *
 * The index is a segment tree over the nodes in the seed's order. Each leaf holds a node's free
 * processors and free memory; each inner entry the largest of each below it. Finding the node with
 * the most free processors among those with at least `p` free processors and `m` free bytes is a
 * branch-and-bound descent that visits the child with more free processors first and skips every
 * subtree that cannot hold a better node: O(log nodes) when memory does not bind, and never more
 * than the scan it replaces. A reservation changes one leaf and its O(log nodes) ancestors.
 */

/** What placement needs to know of a node. */
export interface CapacityNode {
  readonly id: string;
  readonly name: string;
  readonly processors: number;
  readonly memory_bytes: number;
}

/** Processors and memory reserved on one node. */
export interface Reserved {
  processors: number;
  memory: number;
}

export class CapacityIndex {
  #nodes: readonly CapacityNode[] = [];
  #position = new Map<string, number>();
  #usedProcessors = new Float64Array(0);
  #usedMemory = new Float64Array(0);
  /** Leaves start at `#size`; entry `i` covers `2i` and `2i + 1`. Masked leaves are -Infinity. */
  #size = 1;
  #freeProcessors = new Float64Array(2);
  #freeMemory = new Float64Array(2);
  #masked = new Uint8Array(0);

  constructor(nodes: readonly CapacityNode[] = []) {
    this.reset(nodes);
  }

  /** Starts over with these nodes, nothing reserved. */
  reset(nodes: readonly CapacityNode[]): void {
    this.#nodes = nodes;
    this.#position = new Map(nodes.map((n, i) => [n.id, i]));
    this.#usedProcessors = new Float64Array(nodes.length);
    this.#usedMemory = new Float64Array(nodes.length);
    this.#masked = new Uint8Array(nodes.length);
    let size = 1;
    while (size < nodes.length) {
      size *= 2;
    }
    this.#size = size;
    this.#freeProcessors = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    this.#freeMemory = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i] as CapacityNode;
      this.#freeProcessors[size + i] = node.processors;
      this.#freeMemory[size + i] = node.memory_bytes;
    }
    for (let i = size - 1; i >= 1; i--) {
      this.#pull(i);
    }
  }

  /** The nodes, in the seed's order. */
  get nodes(): readonly CapacityNode[] {
    return this.#nodes;
  }

  /** The node's position in the seed, or -1. */
  position(id: string): number {
    return this.#position.get(id) ?? -1;
  }

  has(id: string): boolean {
    return this.#position.has(id);
  }

  /** What is reserved on the node at `position` (a copy). */
  reserved(position: number): Reserved {
    return { processors: this.#usedProcessors[position] ?? 0, memory: this.#usedMemory[position] ?? 0 };
  }

  /** Reserves (or, with negative amounts, releases) processors and memory on a node. */
  add(id: string, processors: number, memory: number): void {
    const i = this.#position.get(id);
    if (i === undefined) {
      return;
    }
    this.#usedProcessors[i] = (this.#usedProcessors[i] as number) + processors;
    this.#usedMemory[i] = (this.#usedMemory[i] as number) + memory;
    if (this.#masked[i] === 0) {
      this.#write(i);
    }
  }

  /** Leaves the node out of {@link best} until {@link unmask}. */
  mask(position: number): void {
    if (this.#masked[position] === 1) {
      return;
    }
    this.#masked[position] = 1;
    const leaf = this.#size + position;
    this.#freeProcessors[leaf] = Number.NEGATIVE_INFINITY;
    this.#freeMemory[leaf] = Number.NEGATIVE_INFINITY;
    this.#bubble(leaf);
  }

  unmask(position: number): void {
    if (this.#masked[position] === 0) {
      return;
    }
    this.#masked[position] = 0;
    this.#write(position);
  }

  /**
   * The unmasked node with the most free processors among those with at least `processors` free
   * processors and `memory` free bytes, the first in the seed's order on a tie; -1 when none.
   * Free processors are `node.processors - reserved`, free memory `node.memory_bytes - reserved`.
   */
  best(processors: number, memory: number): number {
    const fp = this.#freeProcessors;
    const fm = this.#freeMemory;
    const size = this.#size;
    let bestFree = Number.NEGATIVE_INFINITY;
    let bestAt = -1;
    // An explicit stack of [entry, first position it covers, width].
    const stack: number[] = [1, 0, size];
    while (stack.length > 0) {
      const width = stack.pop() as number;
      const lo = stack.pop() as number;
      const i = stack.pop() as number;
      const p = fp[i] as number;
      if (p < processors || (fm[i] as number) < memory) {
        continue;
      }
      // Nothing below can beat the best so far: fewer free processors, or as many but later.
      if (p < bestFree || (p === bestFree && lo > bestAt)) {
        continue;
      }
      if (i >= size) {
        bestFree = p;
        bestAt = lo;
        continue;
      }
      const half = width / 2;
      const left = 2 * i;
      const right = left + 1;
      // Visit the child with more free processors first (the left one on a tie): pushed last.
      if ((fp[right] as number) > (fp[left] as number)) {
        stack.push(left, lo, half, right, lo + half, half);
      } else {
        stack.push(right, lo + half, half, left, lo, half);
      }
    }
    return bestAt;
  }

  #write(position: number): void {
    const node = this.#nodes[position] as CapacityNode;
    const leaf = this.#size + position;
    this.#freeProcessors[leaf] = node.processors - (this.#usedProcessors[position] as number);
    this.#freeMemory[leaf] = node.memory_bytes - (this.#usedMemory[position] as number);
    this.#bubble(leaf);
  }

  #bubble(leaf: number): void {
    for (let i = leaf >> 1; i >= 1; i >>= 1) {
      this.#pull(i);
    }
  }

  #pull(i: number): void {
    const fp = this.#freeProcessors;
    const fm = this.#freeMemory;
    fp[i] = Math.max(fp[2 * i] as number, fp[2 * i + 1] as number);
    fm[i] = Math.max(fm[2 * i] as number, fm[2 * i + 1] as number);
  }
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

export interface Placement {
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
export function placeAllocations(index: CapacityIndex, request: PlacementRequest): Placement {
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
    return 'No ML nodes in the cluster';
  }
  const threads = request.threads_per_allocation;
  return nodes
    .map((node, position) => {
      const here = routes.get(node.id) ?? 0;
      const used = others.get(position) ?? index.reserved(position);
      const free = node.processors - used.processors - here * threads;
      if (free < threads) {
        return `Could not assign (more) allocations on node [${node.name}]. Reason: This node has insufficient allocated processors. Available processors [${node.processors}], free processors [${Math.max(0, free)}], processors required for each allocation of this model [${threads}]`;
      }
      return `Could not assign (more) allocations on node [${node.name}]. Reason: This node has insufficient available memory. Available memory for ML [${node.memory_bytes}], memory required by existing job [${used.memory + (here > 0 ? request.memoryOnNode(here) : 0)}], estimated memory required for this model [${request.memoryOnNode(here + 1)}]`;
    })
    .join('|');
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
