// Resolves a container's user spec ("", "name", "uid", "name:group", "uid:gid") against the
// image's /etc/passwd and /etc/group with Docker's (runc's) rules: a numeric user need not exist
// in passwd; a named one must. Without an explicit group, the passwd entry's group applies and
// the groups listing the user by name become supplementary groups; with one, there are none.

import { EngineError } from "../../src/api/errors.ts";
import { readTreeFile } from "../rootfs/tree-lookup.ts";
import type { RootfsTree } from "../rootfs/tree.ts";

export interface ContainerUser {
  uid: number;
  gid: number;
  additionalGids: number[];
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

const MAX_ID = 2 ** 31 - 1;
const NUMERIC = /^[0-9]+$/;

/** Colon-separated records, skipping blank and comment lines. */
function records(tree: RootfsTree, path: string): string[][] {
  const file = readTreeFile(tree, path);
  if (!file) return [];
  return new TextDecoder()
    .decode(file)
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => line.split(":"));
}

function passwdEntries(tree: RootfsTree): PasswdEntry[] {
  return records(tree, "etc/passwd")
    .filter((f) => NUMERIC.test(f[2] ?? "") && NUMERIC.test(f[3] ?? ""))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? "" }));
}

function groupEntries(tree: RootfsTree): GroupEntry[] {
  return records(tree, "etc/group")
    .filter((f) => NUMERIC.test(f[2] ?? ""))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? "").split(",").filter(Boolean) }));
}

function checkedId(text: string): number {
  const id = Number(text);
  if (id > MAX_ID) throw new EngineError("invalid", `uids and gids must be in range 0-${MAX_ID}`);
  return id;
}

export function resolveContainerUser(spec: string, rootfs: RootfsTree): ContainerUser {
  const colon = spec.indexOf(":");
  const userPart = colon === -1 ? spec : spec.slice(0, colon);
  const groupPart = colon === -1 ? "" : spec.slice(colon + 1);
  const user: ContainerUser = { uid: 0, gid: 0, additionalGids: [], home: "/" };

  // An empty user part means the current uid (0), looked up for its name, gid and home.
  const wantedUid = userPart === "" ? 0 : NUMERIC.test(userPart) ? checkedId(userPart) : undefined;
  const account = passwdEntries(rootfs).find((p) => (wantedUid === undefined ? p.name === userPart : p.uid === wantedUid));
  if (account) {
    Object.assign(user, { uid: account.uid, gid: account.gid, home: account.home || "/" });
  } else if (wantedUid !== undefined) {
    user.uid = wantedUid;
  } else {
    throw new EngineError("invalid", `unable to find user ${userPart}: no matching entries in passwd file`);
  }

  if (groupPart !== "") {
    const wantedGid = NUMERIC.test(groupPart) ? checkedId(groupPart) : undefined;
    const group = groupEntries(rootfs).find((g) => (wantedGid === undefined ? g.name === groupPart : g.gid === wantedGid));
    if (group) user.gid = group.gid;
    else if (wantedGid !== undefined) user.gid = wantedGid;
    else throw new EngineError("invalid", `unable to find group ${groupPart}: no matching entries in group file`);
  } else if (account) {
    user.additionalGids = groupEntries(rootfs)
      .filter((g) => g.members.includes(account.name))
      .map((g) => g.gid);
  }
  return user;
}
