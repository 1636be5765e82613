/**
 * Items due at a time, earliest first: a binary min-heap with lazy removal. Convergence uses it so
 * that a tick looks only at the deployments whose routes change by now, not at every deployment
 * still converging (docs/architecture.md, "What the mock simulates").
 */
export class DueQueue<T> {
  #heap: Array<{ at: number; item: T }> = [];
  /** The time each item is due at; heap entries with another time are stale and skipped. */
  #at = new Map<T, number>();

  /** Makes `item` due at `at` (replacing any earlier schedule). */
  schedule(item: T, at: number): void {
    this.#at.set(item, at);
    if (this.#heap.length > 2 * this.#at.size + 64) {
      this.#compact();
    }
    const heap = this.#heap;
    heap.push({ at, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as { at: number; item: T };
      const c = heap[i] as { at: number; item: T };
      if (p.at <= c.at) {
        break;
      }
      heap[parent] = c;
      heap[i] = p;
      i = parent;
    }
  }

  /** Forgets `item`. */
  delete(item: T): void {
    this.#at.delete(item);
  }

  /** Every item due at or before `now`, in the order they fall due; they are no longer scheduled. */
  takeDue(now: number): T[] {
    const out: T[] = [];
    const heap = this.#heap;
    while (heap.length > 0 && (heap[0] as { at: number }).at <= now) {
      const top = heap[0] as { at: number; item: T };
      const last = heap.pop() as { at: number; item: T };
      if (heap.length > 0) {
        heap[0] = last;
        this.#down();
      }
      if (this.#at.get(top.item) === top.at) {
        this.#at.delete(top.item);
        out.push(top.item);
      }
    }
    return out;
  }

  /** Drops stale entries (rescheduled items leave their old entries behind) and rebuilds the heap. */
  #compact(): void {
    const heap = this.#heap.filter((e) => this.#at.get(e.item) === e.at);
    // Two entries for one item at the same time: keep one.
    const seen = new Set<T>();
    this.#heap = heap.filter((e) => !seen.has(e.item) && seen.add(e.item) !== undefined);
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) {
      this.#down(i);
    }
  }

  #down(start = 0): void {
    const heap = this.#heap;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && (heap[l] as { at: number }).at < (heap[top] as { at: number }).at) {
        top = l;
      }
      if (r < heap.length && (heap[r] as { at: number }).at < (heap[top] as { at: number }).at) {
        top = r;
      }
      if (top === i) {
        return;
      }
      const t = heap[i] as { at: number; item: T };
      heap[i] = heap[top] as { at: number; item: T };
      heap[top] = t;
      i = top;
    }
  }
}
