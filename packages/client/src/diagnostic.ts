import type { DiagnosticEvent, DiagnosticEvents } from './node-options.js';

type Listener<E extends DiagnosticEvent> = (event: DiagnosticEvents[E]) => void;

/**
 * The client's diagnostic events (`client.diagnostic.on('response', e => ...)`): what the official
 * client's `diagnostic` emitter reports, as one typed object per event. No listener, no cost: the
 * transport builds an event only when someone listens.
 */
export class Diagnostic {
  readonly #listeners: { [E in DiagnosticEvent]?: Array<Listener<E>> } = {};

  /** Calls `listener` with every event of this name. */
  on<E extends DiagnosticEvent>(name: E, listener: Listener<E>): this {
    const list = (this.#listeners[name] ?? []) as Array<Listener<E>>;
    list.push(listener);
    (this.#listeners as Record<string, unknown>)[name] = list;
    return this;
  }

  /** Stops calling `listener`. */
  off<E extends DiagnosticEvent>(name: E, listener: Listener<E>): this {
    const list = this.#listeners[name] as Array<Listener<E>> | undefined;
    const index = list?.indexOf(listener) ?? -1;
    if (list && index >= 0) {
      list.splice(index, 1);
    }
    return this;
  }

  /** Whether anyone listens to this event (so the event is worth building). */
  has(name: DiagnosticEvent): boolean {
    return (this.#listeners[name]?.length ?? 0) > 0;
  }

  /** Hands the event to each listener; a listener that throws does not stop the request. */
  emit<E extends DiagnosticEvent>(name: E, event: DiagnosticEvents[E]): void {
    const list = this.#listeners[name] as Array<Listener<E>> | undefined;
    if (!list) {
      return;
    }
    for (const listener of list) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
