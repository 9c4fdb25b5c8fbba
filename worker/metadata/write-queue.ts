// Writes to a RecordStore issued in call order without each caller awaiting them: an index saves a
// record and carries on; `settled` waits for every write issued so far. A failed write is reported
// and does not stop the ones after it.

export class WriteQueue {
  #writes: Promise<void> = Promise.resolve();

  /** `what` names the records in the warning a failure leaves ("a container record"). */
  constructor(private readonly what: string) {}

  push(write: () => Promise<void>): void {
    this.#writes = this.#writes.then(write).catch((error: unknown) => console.warn(`berth: could not save ${this.what}:`, error));
  }

  /** Resolves once every write issued so far has reached the store. */
  settled(): Promise<void> {
    return this.#writes;
  }
}
