// Comlink sends thrown errors as name/message/stack only. This wraps its "throw" handler so an
// EngineError keeps its Docker-style code across the worker boundary. Install it on both sides.

import { transferHandlers, type TransferHandler } from "comlink";
import { EngineError, isEngineError, type EngineErrorCode } from "./errors.ts";

interface Thrown {
  value: unknown;
}

type SerializedThrow = { engineErrorCode?: EngineErrorCode; message?: string; exitStatus?: number; inner: unknown };

export function installEngineErrorTransfer(): void {
  const original = transferHandlers.get("throw") as TransferHandler<Thrown, unknown> | undefined;
  if (!original || (original as { wrapsEngineErrors?: boolean }).wrapsEngineErrors) return;
  const wrapped: TransferHandler<Thrown, SerializedThrow> & { wrapsEngineErrors: boolean } = {
    wrapsEngineErrors: true,
    canHandle: original.canHandle,
    serialize(thrown) {
      const [inner, transferables] = original.serialize(thrown);
      const value = thrown.value;
      if (isEngineError(value)) return [{ engineErrorCode: value.code, message: value.message, exitStatus: value.exitStatus, inner }, transferables];
      return [{ inner }, transferables];
    },
    deserialize(serialized) {
      if (serialized.engineErrorCode) throw new EngineError(serialized.engineErrorCode, serialized.message ?? "", serialized.exitStatus);
      return original.deserialize(serialized.inner);
    },
  };
  transferHandlers.set("throw", wrapped as TransferHandler<unknown, unknown>);
}
