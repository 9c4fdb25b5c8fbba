// The engine's event bus: the container and image services publish what happens to their objects,
// stamped with the time; subscribers hear each event as it is published, and the most recent ones
// stay in a bounded history for clients that ask for past events (Docker keeps 256).

import type { EventActor, EventMessage, EventType } from "../../src/api/event-types.ts";

const defaultHistoryLimit = 256;

export type EventListener = (event: EventMessage) => void;

export class EventBus {
  readonly #history: EventMessage[] = [];
  readonly #listeners = new Set<EventListener>();

  constructor(
    /** Milliseconds since the epoch. */
    private readonly now: () => number = Date.now,
    private readonly historyLimit = defaultHistoryLimit,
  ) {}

  publish(type: EventType, action: string, actor: EventActor): void {
    const milliseconds = this.now();
    const event: EventMessage = { Type: type, Action: action, Actor: actor, scope: "local", time: Math.floor(milliseconds / 1000), timeNano: milliseconds * 1e6 };
    this.#history.push(event);
    if (this.#history.length > this.historyLimit) this.#history.shift();
    for (const listener of this.#listeners) listener(event);
  }

  /** The most recent events, oldest first. */
  recent(): readonly EventMessage[] {
    return [...this.#history];
  }

  /** Calls `listener` with every event published from now on, until the returned function is called. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
