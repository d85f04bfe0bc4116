import type { EventName, EventPayload } from '../core/api/contract';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

/** In-process fan-out of hub events to the transports, which forward to subscribed clients. */
export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  private held: Array<() => void> | null = null;

  /** Buffer events until `release`: raised inside a transaction, they wait for its outcome. */
  hold(): void {
    this.held = [];
  }

  /** Deliver the buffered events (the transaction committed) or drop them (it rolled back). */
  release(deliver: boolean): void {
    const held = this.held ?? [];
    this.held = null;
    if (deliver) for (const send of held) send();
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.held) {
      this.held.push(() => this.deliver(event, payload));
      return;
    }
    this.deliver(event, payload);
  }

  private deliver<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(payload);
      } catch {
        // one broken subscriber never stops the others
      }
    }
  }

  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
