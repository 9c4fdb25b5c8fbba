// Docker Engine API v1.50 event shapes (SystemEvents): what the engine reports about its objects.

/** The kinds of object Docker reports events for; berth reports containers and images. */
export type EventType = "builder" | "config" | "container" | "daemon" | "image" | "network" | "node" | "plugin" | "secret" | "service" | "volume";

/** The object an event is about: its id, and attributes such as its name and labels. */
export interface EventActor {
  ID: string;
  Attributes: Record<string, string>;
}

export interface EventMessage {
  Type: EventType;
  /** "create", "start", "die", … ; exec events carry the command: "exec_start: ls -l". */
  Action: string;
  Actor: EventActor;
  scope: "local" | "swarm";
  /** Seconds since the epoch. */
  time: number;
  /** Nanoseconds since the epoch. */
  timeNano: number;
}
