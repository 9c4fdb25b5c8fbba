// Each container's output as `docker logs` shows it, kept apart from live streaming so that it
// outlives a page reload or a restart of the Node daemon (the role of Docker's json-file driver).
// Lifecycle: while a container runs, its LogWriter turns output into entries (one line each, or a
// partial line) and `append`s them in batches; `docker logs` `read`s them back, optionally by time
// window and from the tail; `docker rm` calls `remove`. A log is bounded: once an append takes it
// past the store's cap, its oldest entries are dropped, a whole segment at a time, so what is kept
// is always a contiguous, most recent stretch of the output.
// Calls on one container take effect in the order they are made, even when the caller does not
// await each one, and an append is atomic: after a reload all of its entries are there or none.

export interface LogEntry {
  stream: 1 | 2;
  /** ms since epoch */
  time: number;
  /** one line including its trailing "\n", or a final partial line */
  data: Uint8Array;
}

export interface LogReadOptions {
  /** ms epoch, inclusive */
  since?: number;
  /** ms epoch, exclusive */
  until?: number;
  /** last N entries after since/until filtering */
  tail?: number;
}

export interface ContainerLogStore {
  /** Stores the entries after those appended before, in one atomic step. */
  append(containerId: string, entries: LogEntry[]): Promise<void>;
  /** The kept entries in the order they were appended, filtered by `options`. */
  read(containerId: string, options?: LogReadOptions): Promise<LogEntry[]>;
  /** Bytes of entry data kept. */
  size(containerId: string): Promise<number>;
  /** Forgets the container's log; a container without one is not an error. */
  remove(containerId: string): Promise<void>;
}
