// A container's changes as an image layer: `docker diff` (ContainerChanges), `docker commit`
// (ImageCommit) and `docker export` (ContainerExport). The writable layer is read in the guest
// (ContainerArchives.upper) and turned into an OCI layer with whiteouts; commit stores it as a new
// image on top of the container's image, with the container's config as the image's defaults.

import type { ContainerConfig, FilesystemChange } from "../../src/api/container-types.ts";
import { EngineError } from "../../src/api/errors.ts";
import type { GuestImageCache } from "../images/guest-image-cache.ts";
import { commitLayer, type LayerCommitStores } from "../images/layer-commit.ts";
import { storeNewImage } from "../images/new-image.ts";
import type { ImageRecord, ImageStore } from "../images/image-store.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import { layerChanges } from "../rootfs/layer-changes.ts";
import { upperToLayer } from "../rootfs/upper-layer.ts";
import type { ContainerArchives } from "./container-archive.ts";
import type { ContainerRecord } from "./container-record.ts";
import type { ContainerService } from "./container-service.ts";

export interface CommitOptions {
  repo?: string;
  tag?: string;
  comment?: string;
  author?: string;
  /** Pause a running container while its changes are read (Docker's default). */
  pause?: boolean;
  /** Config fields that replace the container's in the image. */
  config?: ContainerConfig;
  /** Changes made to the image's config last (`--change` instructions). */
  changeConfig?: (config: ContainerDefaults) => void;
}

export class ContainerSnapshots {
  constructor(
    private readonly containers: ContainerService,
    private readonly archives: ContainerArchives,
    private readonly images: ImageStore,
    private readonly guestImages: GuestImageCache,
    private readonly stores: LayerCommitStores,
  ) {}

  async changes(idOrName: string): Promise<FilesystemChange[]> {
    const record = this.containers.index.resolve(idOrName);
    const layer = await this.#layer(record, false);
    return layerChanges(layer, await this.guestImages.tree(this.#image(record)));
  }

  async commit(idOrName: string, options: CommitOptions): Promise<ImageRecord> {
    const record = this.containers.index.resolve(idOrName);
    if (record.state.Dead) throw new EngineError("conflict", `You cannot commit container ${record.id} which is Dead`);
    const parent = this.#image(record);
    // Changes Docker refuses fail here, before anything is stored.
    const config = imageDefaults({ ...record.config, ...options.config });
    options.changeConfig?.(config);
    const layer = await commitLayer(await this.#layer(record, options.pause !== false), this.stores);
    const reference = options.repo ? `${options.repo}${options.tag ? `:${options.tag}` : ""}` : undefined;
    const image = await storeNewImage(this.images, {
      parent,
      layers: [layer],
      history: [{ created_by: record.args.join(" "), ...(options.comment ? { comment: options.comment } : {}), ...(options.author ? { author: options.author } : {}) }],
      config,
      author: options.author,
      references: reference ? [reference] : [],
    });
    this.containers.events.publish(record, "commit", { comment: options.comment ?? "" });
    return image;
  }

  /** The container's whole filesystem as a tar (`docker export`). */
  async export(idOrName: string): Promise<Uint8Array> {
    return (await this.archives.read(idOrName, "/")).archive;
  }

  /** The container's changes as an OCI layer tar (a stopped container's: nothing to pause). */
  layer(idOrName: string): Promise<Uint8Array> {
    return this.#layer(this.containers.index.resolve(idOrName), false);
  }

  async #layer(record: ContainerRecord, pause: boolean): Promise<Uint8Array> {
    const pausing = pause && record.state.Status === "running";
    if (pausing) await this.containers.pause(record.id);
    try {
      const { tar, opaqueDirectories } = await this.archives.upper(record.id);
      // The guest read zeros where the store's chunks were corrupted: the archive is not the layer.
      const corrupted = this.containers.layerCorruption(record.id);
      if (corrupted) throw new EngineError("system", `the writable layer of container ${record.id} is corrupted: ${corrupted}`);
      return upperToLayer(tar, opaqueDirectories);
    } finally {
      if (pausing) await this.containers.unpause(record.id).catch(() => undefined);
    }
  }

  #image(record: ContainerRecord): ImageRecord {
    const image = this.images.get(record.imageId);
    if (!image) throw new EngineError("not-found", `No such image: ${record.imageId}`);
    return image;
  }
}

/** The image defaults a container's config gives (what `docker commit` keeps of it). */
function imageDefaults(config: ContainerConfig): ContainerDefaults {
  const defaults: ContainerDefaults = {};
  if (config.User) defaults.User = config.User;
  if (config.ExposedPorts) defaults.ExposedPorts = config.ExposedPorts;
  if (config.Env) defaults.Env = config.Env;
  if (config.Entrypoint) defaults.Entrypoint = config.Entrypoint;
  if (config.Cmd) defaults.Cmd = config.Cmd;
  if (config.Volumes) defaults.Volumes = config.Volumes;
  if (config.WorkingDir) defaults.WorkingDir = config.WorkingDir;
  if (config.Labels) defaults.Labels = config.Labels;
  if (config.StopSignal) defaults.StopSignal = config.StopSignal;
  return defaults;
}
