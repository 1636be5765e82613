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

/** Free processors and memory of every node, indexed by what is free (a segment tree). */
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

  /** Puts a node {@link mask}ed out back in. */
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
