// What a build needs from the rest of the engine: the image store, image root filesystems,
// committing a layer tar as an image layer, pulling a missing base image, and running a RUN step
// in a container. The engine wires these to its services; tests give small fakes.

import type { MessageSink, OutputStream } from "../../src/api/engine-api.ts";
import type { BuildInfo } from "../../src/api/types.ts";
import type { ImageLayer, ImageRecord, ImageStore } from "../images/image-store.ts";
import type { ContainerDefaults } from "../images/oci-types.ts";
import type { RootfsTree } from "../rootfs/tree.ts";

export interface RunStepRequest {
  /** The image the step runs on. */
  parentImageId: string;
  /** The image config so far; Env also holds the build args the step sees. */
  config: ContainerDefaults;
  /** What runs, without the image's entrypoint: the SHELL and the command, or the exec form. */
  command: string[];
}

export interface RunStepOutput {
  /** The step's container exists (the builder prints " ---> Running in <id>"). */
  started(containerId: string): void;
  write(stream: OutputStream, data: Uint8Array): void;
}

export interface RunStepResult {
  exitCode: number;
  /** The container's writable layer as an OCI layer tar (whiteouts for deletions), on success. */
  layer?: Uint8Array;
  /** The step's container, removed by the time the step ends. */
  containerId?: string;
}

/** Runs RUN steps: a container from the image so far, its output streamed, its upper dir → layer. */
export interface StepExecutor {
  runStep(request: RunStepRequest, output: RunStepOutput): Promise<RunStepResult>;
}

export interface BuildBackend {
  images: ImageStore;
  /** A stored image's flattened root filesystem. */
  rootfs(image: ImageRecord): Promise<RootfsTree>;
  /** Compresses, digests and stores an uncompressed layer tar; the result goes into an image record. */
  commitLayer(tar: Uint8Array): Promise<ImageLayer>;
  /** Pulls an image for linux/386, its progress into the build's stream. */
  pull(reference: string, progress: MessageSink<BuildInfo>): Promise<ImageRecord>;
  executor: StepExecutor;
}
