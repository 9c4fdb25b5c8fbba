// Times the engine's layer pipeline in a dedicated worker, where the engine runs it: gunzip and
// diff ID verification (decompressLayer), tar parsing (readTar) and building the tree
// (LayerApplier), on a blob fetched once beforehand. One untimed warm-up run comes first.

import { LayerApplier } from "../../worker/rootfs/apply-layer.ts";
import { decompressLayer, type LayerDescription } from "../../worker/rootfs/decompress-layer.ts";
import { readTar } from "../../src/tar/tar-reader.ts";

export interface LayerApplyRequest {
  blobUrl: string;
  layer: LayerDescription;
  runs: number;
}

export interface LayerApplyTimes {
  /** Size of the uncompressed tar. */
  tarBytes: number;
  runMs: number[];
}

export type LayerApplyResult = LayerApplyTimes | { error: string };

async function timeRuns({ blobUrl, layer, runs }: LayerApplyRequest): Promise<LayerApplyResult> {
  const response = await fetch(blobUrl);
  if (!response.ok) throw new Error(`GET ${blobUrl}: ${response.status}`);
  const blob = new Uint8Array(await response.arrayBuffer());
  let tarBytes = 0;
  const runMs: number[] = [];
  for (let run = -1; run < runs; run++) {
    const started = performance.now();
    const tar = await decompressLayer(layer, blob);
    new LayerApplier().apply(readTar(tar));
    if (run >= 0) runMs.push(performance.now() - started);
    tarBytes = tar.length;
  }
  return { tarBytes, runMs };
}

self.onmessage = async (event: MessageEvent<LayerApplyRequest>) => {
  const result = await timeRuns(event.data).catch((error: unknown) => ({ error: String(error) }));
  self.postMessage(result);
};
