// Entry of the layer-unpacking worker: decompresses and verifies layers on a thread of its own, so
// the emulator, which runs on the engine worker's thread, keeps going meanwhile.

import { isEngineError } from "../../src/api/errors.ts";
import { decompressLayer } from "../rootfs/decompress-layer.ts";
import type { UnpackReply, UnpackRequest } from "./unpack-messages.ts";

const reply = (message: UnpackReply, transfer: Transferable[] = []) => self.postMessage(message, { transfer });

self.addEventListener("message", (event: MessageEvent<UnpackRequest>) => {
  const { id, layer, blob } = event.data;
  decompressLayer(layer, blob, (consumedBytes) => reply({ id, kind: "progress", consumedBytes })).then(
    (tar) => reply({ id, kind: "done", tar }, [tar.buffer]),
    (error: unknown) =>
      reply({
        id,
        kind: "failed",
        error: isEngineError(error) ? { code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) },
      }),
  );
});
