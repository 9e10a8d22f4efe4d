// A tiny typed event emitter for the network's peer events.

type Listener = (...args: never[]) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: Listener }> {
  readonly #listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  on<K extends keyof Events>(event: K, listener: Events[K]): void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
  }

  off<K extends keyof Events>(event: K, listener: Events[K]): void {
    this.#listeners.get(event)?.delete(listener);
  }

  /** Calls each listener; returns the errors listeners threw (emit itself never throws). */
  emit<K extends keyof Events>(event: K, ...args: Parameters<Events[K]>): unknown[] {
    const errors: unknown[] = [];
    for (const listener of this.#listeners.get(event) ?? []) {
      try {
        (listener as (...a: Parameters<Events[K]>) => void)(...args);
      } catch (err) {
        errors.push(err);
      }
    }
    return errors;
  }

  removeAll(): void {
    this.#listeners.clear();
  }
}
