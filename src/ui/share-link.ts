// Demo links end to end: opening one (a shared session's files and history restored, its commands
// offered on the prompt) and making one from the page's history and workspace.

import type { WorkspaceApi } from "../shell/workspace-file-system.ts";
import { maxLinkCommandLength, parseDemoLink } from "./demo-link.ts";
import { decodeSharePayload, encodeSharePayload, shareFileBudget, shareHistoryBudget, type SharePayload } from "./share-payload.ts";
import { collectSmallFiles, restoreFiles } from "./workspace-share.ts";

/** The terminal as a demo link uses it. */
export interface LinkTerminal {
  writeLine(text: string): void;
  remember(commands: readonly string[]): void;
  offer(commands: readonly string[]): void;
}

/**
 * Applies the link the page was opened with (`search` and `hash` of its address): restores a shared
 * session (files only where nothing is), remembers its history, and offers the commands, first the
 * session's then the `run=` ones. A refused link changes nothing and says why.
 */
export async function openDemoLink(address: { search: string; hash: string }, workspace: WorkspaceApi, terminal: LinkTerminal): Promise<void> {
  let commands: string[];
  let session: SharePayload | undefined;
  try {
    const link = parseDemoLink(address.search, address.hash);
    session = link.share === undefined ? undefined : await decodeSharePayload(link.share);
    commands = [...(session?.history ?? []), ...link.commands];
  } catch (error) {
    terminal.writeLine(`\x1b[31mberth: ${failureMessage(error)}; nothing was changed.\x1b[0m`);
    return;
  }
  if (session) {
    const { restored, skipped } = await restoreFiles(workspace, session.files);
    terminal.writeLine(`Restored from the link: ${count(restored.length, "file")}${restored.length ? ` (${restored.join(", ")})` : ""}, ${count(session.history.length, "command")} in the history (Up recalls them).`);
    for (const { path, reason } of skipped) terminal.writeLine(`\x1b[33mNot restored: ${path}: ${reason}\x1b[0m`);
    terminal.remember(session.history);
  }
  if (commands.length === 0) return;
  terminal.writeLine(
    `This link put ${count(commands.length, "command")} on the prompt, one at a time: each runs only when you press Enter (edit it first if you like; Ctrl-C drops the rest).`,
  );
  terminal.offer(commands);
}

export interface ShareLink {
  url: string;
  /** What the link leaves out, for the person to know. */
  notes: string[];
}

/** A link to `pageUrl` that carries `history` (its latest commands) and the workspace's small files. */
export async function makeShareLink(pageUrl: string, history: readonly string[], workspace: WorkspaceApi): Promise<ShareLink> {
  const { files, skipped } = await collectSmallFiles(workspace);
  const kept = latestCommands(history);
  const encoded = await encodeSharePayload({ history: kept, files });
  const url = new URL(pageUrl);
  // The link's commands are its history now (deleting rewrites the query, so only when there are some).
  if (url.searchParams.has("run")) url.searchParams.delete("run");
  url.hash = `share=${encoded}`;
  const notes: string[] = [];
  if (skipped.length > 0) notes.push(`Left out (over ${shareFileBudget / 1024} KB in all): ${skipped.map((entry) => `${entry.path} (${entry.size} bytes)`).join(", ")}`);
  if (kept.length < history.length) notes.push(`Left out ${count(history.length - kept.length, "older or very long command")} of the history.`);
  return { url: url.href, notes };
}

/** The latest commands, oldest first, that fit the history budget (one too long for a link is left out). */
function latestCommands(history: readonly string[]): string[] {
  const kept: string[] = [];
  let total = 0;
  for (const command of [...history].reverse()) {
    if (command.length > maxLinkCommandLength) continue;
    if (total + command.length > shareHistoryBudget) break;
    kept.unshift(command);
    total += command.length;
  }
  return kept;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? "" : "s"}`;
}

function failureMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
