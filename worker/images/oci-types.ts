// JSON shapes of the OCI image spec (v1.1) that berth reads and writes, plus the Docker media
// types that registries and `docker save` still use for the same documents.

export const MediaType = {
  ImageIndex: "application/vnd.oci.image.index.v1+json",
  ImageManifest: "application/vnd.oci.image.manifest.v1+json",
  ImageConfig: "application/vnd.oci.image.config.v1+json",
  Layer: "application/vnd.oci.image.layer.v1.tar",
  LayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  LayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  DockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  DockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  DockerConfig: "application/vnd.docker.container.image.v1+json",
  DockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
} as const;

/** Media types of documents listing per-platform manifests. */
export const IndexMediaTypes: ReadonlySet<string> = new Set([MediaType.ImageIndex, MediaType.DockerManifestList]);
/** Media types of single-platform image manifests. */
export const ManifestMediaTypes: ReadonlySet<string> = new Set([MediaType.ImageManifest, MediaType.DockerManifest]);

/** Annotation keys on index entries that name the image. */
export const Annotation = {
  RefName: "org.opencontainers.image.ref.name",
  ContainerdImageName: "io.containerd.image.name",
} as const;

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** The container defaults an image carries ("config" inside the image config). */
export interface ContainerDefaults {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  /** Docker's additions, set by a build: SHELL, HEALTHCHECK and ONBUILD. */
  Shell?: string[];
  Healthcheck?: HealthConfig;
  OnBuild?: string[] | null;
  ArgsEscaped?: boolean;
}

/** Docker's health check in an image config; durations in nanoseconds, zero ones omitted. */
export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

export interface HistoryEntry {
  created?: string;
  created_by?: string;
  author?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: ContainerDefaults;
  rootfs: { type: "layers"; diff_ids: string[] };
  history?: HistoryEntry[];
}

export interface OciLayout {
  imageLayoutVersion: string;
}
