/** A bidirectional byte pipe to the guest agent: one virtio-console port, or a fake in tests. */
export interface ByteChannel {
  /** Queues bytes for the peer; resolves once all of them were handed over. */
  write(bytes: Uint8Array): Promise<void>;
  /** Registers a receiver of incoming bytes; returns a function that unregisters it. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
}
