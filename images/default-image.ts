// Builds the default image, docker.io/library/busybox:latest for linux/386, as an OCI image layout
// in public/images/busybox/ and lists it in public/images/embedded.json.
//
// The busybox binary comes from Debian's busybox-static:i386 package (fetched with apt-get into
// ${BERTH_BUILD_DIR:-/var/tmp/berth-images}). Every applet becomes a hardlink to /bin/busybox in
// the directory busybox itself would install it to. An i386 binary cannot run here, so the applet
// names are read from its packed name table, and their directories come from `--list-full` of the
// amd64 build of the same package version (same source, same configuration); the two name sets
// must agree. The output is deterministic: sorted entries, uid/gid 0, one mtime
// (SOURCE_DATE_EPOCH, else the newest date in the package's changelogs) and gzip without a name
// or timestamp.
//
// Run: node --import tsx images/default-image.ts

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Annotation } from "../worker/images/oci-types.ts";
import { buildImageLayout, layoutLayer } from "./oci/layout-writer.ts";
import { gzipDeterministic } from "./oci/node-gzip.ts";
import { writeLayoutDirectory } from "./oci/node-write-layout.ts";
import { writeTar, type TarWriterEntry } from "../src/tar/tar-writer.ts";

const IMAGE_NAME = "docker.io/library/busybox:latest";
const PACKAGE = "busybox-static";
const DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

const repoRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const outputDirectory = join(repoRoot, "public", "images", "busybox");
const cacheDirectory = join(process.env.BERTH_BUILD_DIR ?? "/var/tmp/berth-images", "busybox");

const passwd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

const group = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nobody:x:65534:
`;

/** Directories besides the applet directories, with their modes. */
const directories: Record<string, number> = {
  bin: 0o755,
  dev: 0o755,
  etc: 0o755,
  home: 0o755,
  proc: 0o755,
  root: 0o700,
  sbin: 0o755,
  sys: 0o755,
  tmp: 0o1777,
  usr: 0o755,
  "usr/bin": 0o755,
  "usr/sbin": 0o755,
  var: 0o755,
  "var/spool": 0o755,
  "var/spool/mail": 0o755,
  "var/www": 0o755,
};

function run(command: string, args: string[], cwd?: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** The cached .deb for an architecture, fetched with apt-get when absent. */
function packageFile(architecture: string, version?: string): string {
  const find = () => readdirSync(cacheDirectory).find((f) => f.startsWith(`${PACKAGE}_`) && f.endsWith(`_${architecture}.deb`));
  if (!find()) run("apt-get", ["download", `${PACKAGE}:${architecture}${version ? `=${version}` : ""}`], cacheDirectory);
  const file = find();
  if (!file) throw new Error(`apt-get download left no ${PACKAGE} package for ${architecture}`);
  return join(cacheDirectory, file);
}

function extract(deb: string, architecture: string): string {
  const target = join(cacheDirectory, `extract-${architecture}`);
  rmSync(target, { recursive: true, force: true });
  run("dpkg-deb", ["-x", deb, target]);
  return target;
}

/** Applet names from the binary's packed table: NUL-separated and sorted, starting "[", "[[". */
function appletNames(binary: Uint8Array): string[] {
  const start = Buffer.from(binary).indexOf("[\0[[\0", 0, "latin1");
  if (start < 0) throw new Error("busybox applet name table not found");
  const table = Buffer.from(binary.subarray(start));
  const end = table.indexOf("\0\0", 0, "latin1");
  return table.toString("latin1", 0, end).split("\0");
}

/** Rootfs paths of the applets, from a busybox that runs on this machine. */
function appletPaths(runnableBusybox: string): string[] {
  return run(runnableBusybox, ["--list-full"]).split("\n").filter(Boolean);
}

function newestChangelogDate(docDirectory: string): number {
  const dates = readdirSync(docDirectory)
    .filter((f) => f.startsWith("changelog") && f.endsWith(".gz"))
    .map((f) => {
      const text = gunzipSync(readFileSync(join(docDirectory, f))).toString("utf8");
      const trailer = /^ -- .*?> {2}(.+)$/m.exec(text);
      if (!trailer) throw new Error(`no trailer line in ${f}`);
      return Math.floor(Date.parse(trailer[1]!) / 1000);
    });
  if (dates.length === 0 || dates.some(Number.isNaN)) throw new Error(`no usable changelog in ${docDirectory}`);
  return Math.max(...dates);
}

/** Sorted by path, except that a hardlink's target comes before the first link to it. */
function archiveOrder(entries: TarWriterEntry[]): TarWriterEntry[] {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const byPath = new Map(sorted.map((entry) => [entry.path, entry]));
  const ordered = new Set<TarWriterEntry>();
  for (const entry of sorted) {
    if (entry.type === "hardlink") ordered.add(byPath.get(entry.linkTarget!)!);
    ordered.add(entry);
  }
  return [...ordered];
}

async function main(): Promise<void> {
  mkdirSync(cacheDirectory, { recursive: true });
  const i386Deb = packageFile("i386");
  const version = run("dpkg-deb", ["-f", i386Deb, "Version"]).trim();
  const amd64Deb = packageFile("amd64", version);
  const i386Root = extract(i386Deb, "i386");
  const amd64Root = extract(amd64Deb, "amd64");

  const binaryPath = join(i386Root, "bin", "busybox");
  const binary = new Uint8Array(readFileSync(binaryPath));
  const names = appletNames(binary);
  const listed = appletPaths(join(amd64Root, "bin", "busybox"));
  const listedNames = listed.map((p) => p.slice(p.lastIndexOf("/") + 1));
  if (JSON.stringify([...listedNames].sort()) !== JSON.stringify([...names].sort())) {
    throw new Error(`the i386 binary's applets differ from the amd64 build's: ${names.join(" ")} vs ${listedNames.join(" ")}`);
  }
  // Applets installed at "/" (linuxrc) only make sense in an initramfs; the image leaves them out.
  const paths = listed.filter((p) => p.includes("/"));

  const mtime = Number(process.env.SOURCE_DATE_EPOCH ?? newestChangelogDate(join(i386Root, "usr", "share", "doc", PACKAGE)));
  const text = (s: string) => new TextEncoder().encode(s);
  const binaryMode = statSync(binaryPath).mode & 0o7777;
  const rootfsEntries: TarWriterEntry[] = [
    ...Object.entries(directories).map(([path, mode]): TarWriterEntry => ({ path, type: "dir", mode })),
    { path: "bin/busybox", type: "file", mode: binaryMode, data: binary },
    ...paths
      .filter((p) => p !== "bin/busybox")
      .map((path): TarWriterEntry => ({ path, type: "hardlink", mode: binaryMode, linkTarget: "bin/busybox" })),
    { path: "etc/passwd", type: "file", mode: 0o644, data: text(passwd) },
    { path: "etc/group", type: "file", mode: 0o644, data: text(group) },
  ];
  const tar = writeTar(archiveOrder(rootfsEntries.map((entry) => ({ ...entry, mtime, uid: 0, gid: 0 }))));
  const created = new Date(mtime * 1000).toISOString().replace(".000Z", "Z");
  const files = await buildImageLayout({
    config: {
      created,
      architecture: "386",
      os: "linux",
      config: { Env: [DEFAULT_PATH], Cmd: ["sh"] },
      history: [{ created, created_by: `images/default-image.ts: Debian ${PACKAGE} ${version} (i386), ${paths.length} applets` }],
    },
    layers: [await layoutLayer(tar, gzipDeterministic(tar))],
    annotations: { [Annotation.ContainerdImageName]: IMAGE_NAME, [Annotation.RefName]: "latest" },
  });
  await writeLayoutDirectory(outputDirectory, files);

  const embedded = [{ name: IMAGE_NAME, layout: "images/busybox" }];
  writeFileSync(join(repoRoot, "public", "images", "embedded.json"), `${JSON.stringify(embedded, null, 2)}\n`);
  if (!existsSync(join(outputDirectory, "index.json"))) throw new Error("layout was not written");
  console.log(`busybox ${version}: ${paths.length} applets, layer ${tar.length} bytes -> ${outputDirectory}`);
}

await main();
