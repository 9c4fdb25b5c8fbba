// Image root filesystems as the guest sees them: each image's flattened tree is written into the
// VM's 9p filesystem once, at images/<hex>/rootfs, and shared read-only by its containers (with the
// targets of the containers' /etc bind mounts added where the image lacks them).

import { withBundleFileTargets } from "../networks/bundle-files.ts";
import type { RootfsTree } from "../rootfs/tree.ts";
import type { ImageRecord } from "./image-store.ts";
import { buildImageRootfs } from "./image-rootfs.ts";
import type { LayerStore } from "./layer-store.ts";

export interface GuestFileWriter {
  writeTree(prefix: string, tree: RootfsTree): Promise<void>;
}

export class GuestImageCache {
  readonly #trees = new Map<string, Promise<RootfsTree>>();
  readonly #writes = new Map<string, Promise<string>>();
  /**
   * How often each image's rootfs was removed from the guest. An image stored again (loaded or
   * pulled after `rmi`) is written under a new path: the guest kernel may still cache the old
   * directory's entries, and would not find the files of one recreated in its place.
   */
  readonly #removals = new Map<string, number>();

  constructor(private readonly layers: LayerStore) {}

  /** The image's flattened tree (built once, for user lookups and for the guest; a failed build is retried). */
  tree(image: ImageRecord): Promise<RootfsTree> {
    let tree = this.#trees.get(image.id);
    if (!tree) {
      tree = buildImageRootfs(image, this.layers);
      tree.catch(() => this.#trees.delete(image.id));
      this.#trees.set(image.id, tree);
    }
    return tree;
  }

  /** Writes the image's rootfs into the guest unless it is there; returns its path below the 9p root. */
  ensureInGuest(image: ImageRecord, files: GuestFileWriter): Promise<string> {
    const path = this.#guestPath(image.id);
    let write = this.#writes.get(path);
    if (!write) {
      write = this.tree(image)
        .then((tree) => files.writeTree(path, withBundleFileTargets(tree)))
        .then(() => path);
      write.catch(() => this.#writes.delete(path));
      this.#writes.set(path, write);
    }
    return write;
  }

  /** Forgets the trees of images not in `keep`; returns the guest paths they were written to. */
  forgetAllExcept(keep: ReadonlySet<string>): string[] {
    const written: string[] = [];
    for (const id of [...this.#trees.keys()]) {
      if (keep.has(id)) continue;
      this.#trees.delete(id);
      const path = this.#guestPath(id);
      if (this.#writes.delete(path)) {
        written.push(path);
        this.#removals.set(id, (this.#removals.get(id) ?? 0) + 1);
      }
    }
    return written;
  }

  /** Forgets what was written, e.g. after the guest restarted with an empty 9p filesystem. */
  forgetGuest(): void {
    this.#writes.clear();
  }

  #guestPath(imageId: string): string {
    const removals = this.#removals.get(imageId);
    return `images/${imageId.replace(/^sha256:/, "")}${removals ? `.${removals}` : ""}/rootfs`;
  }
}
