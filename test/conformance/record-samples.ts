// Sample records for the RecordStore conformance suite, one per seed: an image record as the image
// store keeps it, a container record shaped like `docker inspect` output, and a network record.

import type { ImageRecord } from "../../worker/images/image-store.ts";
import type { NetworkRecord } from "../../worker/networks/network-record.ts";

const hex64 = (seed: number) => seed.toString(16).padStart(64, "0");

export function imageRecordSample(seed: number): ImageRecord {
  const diffId = `sha256:${hex64(seed + 0x10000)}`;
  return {
    id: `sha256:${hex64(seed)}`,
    repoTags: [`docker.io/library/image-${seed}:latest`],
    repoDigests: [`docker.io/library/image-${seed}@sha256:${hex64(seed + 0x20000)}`],
    created: 1_700_000_000 + seed,
    size: 1000 * seed,
    config: {
      created: "2024-05-01T12:00:00Z",
      architecture: "386",
      os: "linux",
      config: {
        Env: ["PATH=/usr/bin:/bin", `SEED=${seed}`],
        Cmd: ["sh", "-c", "echo \"quoted\" 'and' \\ backslash"],
        Entrypoint: null,
        Labels: { "org.example.note": "ünïcödé ✓", empty: "" },
        ExposedPorts: { "80/tcp": {} },
      },
      rootfs: { type: "layers", diff_ids: [diffId] },
      history: [{ created_by: "/bin/sh -c #(nop) ADD file:abc in /", empty_layer: false }],
    },
    layers: [{ digest: `sha256:${hex64(seed + 0x30000)}`, diffId, size: 512 * seed, mediaType: "application/vnd.oci.image.layer.v1.tar+gzip" }],
  };
}

export function containerRecordSample(seed: number) {
  const created = new Date(Date.UTC(2024, 4, 1, 12, 0, seed)).toISOString();
  const imageId = `sha256:${hex64(seed + 0x40000)}`;
  return {
    id: hex64(seed + 0xc0ffee),
    name: `container-${seed}`,
    created,
    image: `docker.io/library/busybox:1.${seed}`,
    imageId,
    args: ["-c", `echo "seed ${seed}"; exit 137`, ""],
    config: {
      Hostname: hex64(seed + 0xc0ffee).slice(0, 12),
      Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `SEED=${seed}`, "EMPTY="],
      Cmd: ["sh", "-c", `echo "seed ${seed}"; exit 137`],
      Image: `busybox:1.${seed}`,
      Labels: { "com.example.greeting": "grüße, 世界 ✓ 🐳", empty: "" },
      Tty: false,
      OpenStdin: seed % 2 === 0,
    },
    hostConfig: {
      Memory: 64 * 1024 * 1024,
      RestartPolicy: { Name: "on-failure", MaximumRetryCount: seed },
      AutoRemove: false,
      PortBindings: { "80/tcp": [{ HostIp: "", HostPort: `${8000 + seed}` }], "53/udp": [] },
      Ulimits: [{ Name: "nofile", Soft: 1024, Hard: 4096 }],
    },
    state: {
      Status: "exited",
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 137,
      Error: "",
      StartedAt: created,
      FinishedAt: new Date(Date.UTC(2024, 4, 1, 12, 5, seed)).toISOString(),
    },
    restartCount: 0,
  };
}

export function networkRecordSample(seed: number): NetworkRecord {
  return {
    id: hex64(seed + 0xbeef),
    name: `net-${seed} ✓`,
    created: new Date(Date.UTC(2024, 4, 1, 12, 0, seed)).toISOString(),
    driver: "bridge",
    internal: seed % 2 === 0,
    attachable: false,
    addressing: { subnet: `10.${seed}.0.0/16`, gateway: `10.${seed}.0.254`, ipRange: `10.${seed}.8.0/24`, userSubnet: true, userGateway: seed % 3 === 0 },
    ipamOptions: {},
    options: { "com.docker.network.driver.mtu": "1400" },
    labels: { "com.example.team": "grüße 世界", empty: "" },
  };
}
