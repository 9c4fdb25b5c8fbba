// Turns a loaded (verified) image whose blobs are in the ContentStore into an image record: each
// layer is unpacked by the LayerStore (which verifies its diff ID and keeps the tar), then the
// record goes into the ImageStore, tagged with the image's name.

import { Annotation } from "./oci-types.ts";
import { epochSeconds, type ImageRecord, type ImageStore } from "./image-store.ts";
import type { LayerStore } from "./layer-store.ts";
import type { LoadedImage } from "./oci-layout.ts";
import { normalizeImageReference, parseImageReference, repositoryName } from "./reference.ts";

/**
 * The name to tag the image with: the one given, else the index entry's io.containerd.image.name,
 * else org.opencontainers.image.ref.name when it is a full reference rather than a bare tag.
 */
export function imageName(loaded: LoadedImage, name?: string): string | undefined {
  if (name) return name;
  const containerdName = loaded.annotations[Annotation.ContainerdImageName];
  if (containerdName) return containerdName;
  const refName = loaded.annotations[Annotation.RefName];
  return refName && /[/:]/.test(refName) ? refName : undefined;
}

export async function importImage(loaded: LoadedImage, images: ImageStore, layers: LayerStore, name?: string): Promise<ImageRecord> {
  const imageLayers = [];
  for (const layer of loaded.layers) imageLayers.push({ ...layer, unpackedSize: (await layers.unpack(layer)).length });
  const tag = imageName(loaded, name);
  return await images.add({
    id: loaded.configDigest,
    repoTags: tag ? [normalizeImageReference(tag)] : [],
    repoDigests: tag ? [`${repositoryName(parseImageReference(tag))}@${loaded.manifestDigest}`] : [],
    created: epochSeconds(loaded.config.created),
    size: imageLayers.reduce((sum, layer) => sum + layer.unpackedSize, 0),
    config: loaded.config,
    layers: imageLayers,
  });
}
