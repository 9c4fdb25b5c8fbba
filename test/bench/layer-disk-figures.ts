// Writable layers on the engine's disk beside the same on the guest's tmpfs and on v86's 9p file
// system (the other transport the guest could reach the worker's storage by; here with v86's own
// in-memory backend, the fastest a 9p server can be), in one guest under Node (agent level, the
// filesystem store the daemon uses): sequential write and read, and small file creation. A tmpfs holds half the guest's memory, so the sequential figure writes 200 MB,
// which both fit; the disk alone also writes the 300 MB. Writes to the disk count until
// they are in the store.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NodeFsDiskChunkStore } from "../../worker/disks/node-fs-disk-chunk-store.ts";
import { newContainerId } from "../integration/guest-fixture.ts";
import { bootDiskGuest, runScript, type DiskGuest } from "../integration/layer-disk-fixture.ts";

export interface LayerDiskFigures {
  /** Sequential write of `bytes` and the read back, per place. */
  sequential: Record<Place, { writeMs: number; readMs: number }>;
  bytes: number;
  /** The disk's 300 MB write, sync and store included. */
  bigWriteMs: number;
  bigBytes: number;
  /** Creating `files` one-line files from a shell loop, sync included. */
  smallFiles: Record<Place, number>;
  files: number;
}

const MB = 1_000_000;

type Place = "disk" | "tmpfs" | "9p";
/** v86's 9p mount in the guest (images/agent/agent.h HOST_MNT), bound into the container at /ninep. */
const ninepMount = [{ destination: "/ninep", type: "bind", source: "/mnt/host", options: ["rbind", "rw"] }];

/** The guest's clock around each command (/proc/uptime, 10 ms steps); prints one `ms=` line per command. */
const timed = (commands: string[]) =>
  commands.map((command) => `a=$(cut -d' ' -f1 /proc/uptime); ${command} || exit 1; b=$(cut -d' ' -f1 /proc/uptime); echo "$a $b" | awk '{printf "ms=%d\\n", ($2-$1)*1000}'`).join("; ");

async function guestMs(guest: DiskGuest, id: string, commands: string[], place: Place = "disk"): Promise<number[]> {
  const run = await runScript(guest, id, timed(commands), { onTmpfs: place !== "disk", ...(place === "9p" ? { extraMounts: ninepMount } : {}) });
  const figures = [...run.stdout.matchAll(/ms=(\d+)/g)].map((match) => Number(match[1]));
  if (run.exitCode !== 0 || figures.length !== commands.length) throw new Error(`layer bench: ${commands.join("; ")} failed (${run.exitCode}): ${run.stdout}${run.stderr}`);
  return figures;
}

/** How long after the container's own sync everything it wrote is in the store. */
async function storeMs(guest: DiskGuest, id: string): Promise<number> {
  const started = performance.now();
  await guest.agent.syncLayerDisk(id);
  await guest.bus.flush(id);
  return performance.now() - started;
}

async function dropContainer(guest: DiskGuest, id: string, onTmpfs: boolean): Promise<void> {
  await guest.agent.delete(id);
  if (!onTmpfs) await guest.bus.remove(id);
}

export async function measureLayerDisk(): Promise<LayerDiskFigures> {
  const directory = mkdtempSync(join(tmpdir(), "berth-layer-bench-"));
  const guest = await bootDiskGuest(new NodeFsDiskChunkStore(directory));
  const bytes = 200 * MB;
  const files = 5000;
  const write = (megabytes: number, path = "/data") => `dd if=/dev/zero of=${path} bs=1000000 count=${megabytes} 2>/dev/null && sync`;
  const read = (path = "/data") => `cat ${path} >/dev/null`;
  try {
    // tmpfs: the read is from memory, as the file is.
    const tmpfs = newContainerId();
    const [tmpfsWriteMs, tmpfsReadMs] = await guestMs(guest, tmpfs, [write(bytes / MB), read()], "tmpfs");
    await dropContainer(guest, tmpfs, true);
    // 9p: written through to v86's backend; the read after dropping the guest's caches.
    const ninep = newContainerId();
    const ninepFile = `/ninep/bench-${ninep}`;
    const [ninepWriteMs, ninepReadMs] = await guestMs(guest, ninep, [write(bytes / MB, ninepFile), `echo 3 >/proc/sys/vm/drop_caches; ${read(ninepFile)}`, `rm ${ninepFile}`], "9p");
    await dropContainer(guest, ninep, true);
    // disk: written and stored, then read through a fresh mount (DELETE unmounts it, and with it the guest's cache).
    const disk = newContainerId();
    const [diskWriteMs] = await guestMs(guest, disk, [write(bytes / MB)]);
    const diskStoreMs = await storeMs(guest, disk);
    await guest.agent.delete(disk);
    await guest.bus.detach(disk);
    const [diskReadMs] = await guestMs(guest, disk, [read()]);
    await dropContainer(guest, disk, false);

    const smallFiles = {} as LayerDiskFigures["smallFiles"];
    for (const place of ["disk", "tmpfs", "9p"] as const) {
      const id = newContainerId();
      const many = place === "9p" ? `/ninep/many-${id}` : "/many";
      const [ms] = await guestMs(guest, id, [`mkdir ${many} && i=0 && while [ $i -lt ${files} ]; do echo $i >${many}/$i; i=$((i+1)); done && sync`], place);
      smallFiles[place] = ms + (place === "disk" ? await storeMs(guest, id) : 0);
      if (place === "9p") await runScript(guest, newContainerId(), `rm -r ${many}`, { onTmpfs: true, extraMounts: ninepMount });
      await dropContainer(guest, id, place !== "disk");
    }

    const big = newContainerId();
    const [bigMs] = await guestMs(guest, big, [write(300)]);
    const bigWriteMs = bigMs + (await storeMs(guest, big));
    await dropContainer(guest, big, false);
    return {
      sequential: {
        disk: { writeMs: diskWriteMs + diskStoreMs, readMs: diskReadMs },
        tmpfs: { writeMs: tmpfsWriteMs, readMs: tmpfsReadMs },
        "9p": { writeMs: ninepWriteMs, readMs: ninepReadMs },
      },
      bytes,
      bigWriteMs,
      bigBytes: 300 * MB,
      smallFiles,
      files,
    };
  } finally {
    await guest.vm.dispose();
    rmSync(directory, { recursive: true, force: true });
  }
}

export function layerDiskRows(figures: LayerDiskFigures): [string, string, string, string][] {
  const rate = (bytes: number, ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(1)} MB/s`;
  const perSecond = (ms: number) => `${Math.round(figures.files / (ms / 1000))} files/s`;
  const { disk, tmpfs, "9p": ninep } = figures.sequential;
  const size = `${figures.bytes / MB} MB`;
  return [
    [`Writable layer on the disk: sequential write of ${size}, until stored (guest under Node, filesystem store)`, rate(figures.bytes, disk.writeMs), "", `on the guest's tmpfs: ${rate(figures.bytes, tmpfs.writeMs)}; on v86's 9p (in memory): ${rate(figures.bytes, ninep.writeMs)}`],
    [`Writable layer on the disk: sequential read of ${size} through a fresh mount`, rate(figures.bytes, disk.readMs), "", `on the tmpfs (from memory): ${rate(figures.bytes, tmpfs.readMs)}; on 9p, caches dropped: ${rate(figures.bytes, ninep.readMs)}`],
    [`Writable layer on the disk: ${figures.bigBytes / MB} MB written until stored`, rate(figures.bigBytes, figures.bigWriteMs), "", "more than a tmpfs holds (half the guest's memory)"],
    [`Writable layer on the disk: ${figures.files} small files from a shell loop, until stored`, perSecond(figures.smallFiles.disk), "", `on the tmpfs: ${perSecond(figures.smallFiles.tmpfs)}; on 9p: ${perSecond(figures.smallFiles["9p"])}`],
  ];
}
