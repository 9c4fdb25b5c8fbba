// Files into the workspace from the page: the Upload buttons (files, or a folder with its
// structure) and files or folders dropped onto the page land in the shell's current directory.
// A drop that `docker cp` is waiting for is its own (it takes the event first).

import { parentPath } from "../api/workspace-paths.ts";
import { failureReason } from "../shell/command-options.ts";
import { displayPath, type WorkspaceFileSystem } from "../shell/workspace-file-system.ts";

/** A file to store, at its path relative to the directory it lands in. */
interface Upload {
  path: string;
  file: File;
}

export interface UploadTargets {
  fileButton: HTMLButtonElement;
  folderButton: HTMLButtonElement;
  dropZone: HTMLElement;
}

export function installUploads(targets: UploadTargets, fs: WorkspaceFileSystem, notify: (text: string) => void): void {
  const store = (uploads: Upload[]) => void storeUploads(uploads, fs).then(notify);
  targets.fileButton.addEventListener("click", () => pick(false, store));
  targets.folderButton.addEventListener("click", () => pick(true, store));
  targets.dropZone.addEventListener("dragover", (event) => event.preventDefault());
  targets.dropZone.addEventListener("drop", (event) => {
    if (event.defaultPrevented) return;
    event.preventDefault();
    // Entries must be taken while the event is dispatched; reading them may come later.
    const entries = [...(event.dataTransfer?.items ?? [])].map((item) => item.webkitGetAsEntry()).filter((entry) => entry !== null);
    void Promise.all(entries.map((entry) => uploadsBelow(entry, ""))).then((lists) => store(lists.flat()));
  });
}

function pick(folder: boolean, store: (uploads: Upload[]) => void): void {
  const picker = document.createElement("input");
  picker.type = "file";
  picker.multiple = true;
  picker.webkitdirectory = folder;
  picker.hidden = true;
  picker.className = folder ? "upload-folder-input" : "upload-input";
  picker.addEventListener("change", () => {
    store([...(picker.files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file })));
    picker.remove();
  });
  picker.addEventListener("cancel", () => picker.remove());
  document.body.append(picker);
  picker.click();
}

/** The files of a dropped entry: itself, or everything in a dropped folder, under `prefix`. */
async function uploadsBelow(entry: FileSystemEntry, prefix: string): Promise<Upload[]> {
  const path = `${prefix}${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns a folder's entries in batches, then an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  const nested = await Promise.all(children.map((child) => uploadsBelow(child, `${path}/`)));
  return nested.flat();
}

/** Writes the uploads below the current directory (making their folders); returns what to tell the user. */
async function storeUploads(uploads: Upload[], fs: WorkspaceFileSystem): Promise<string> {
  const directory = fs.cwd;
  const failures: string[] = [];
  for (const { path, file } of uploads) {
    const target = fs.resolve(`${directory}/${path}`);
    try {
      await fs.makeDirectory(parentPath(target), true);
      await fs.write(target, new Uint8Array(await file.arrayBuffer()), { mtime: file.lastModified });
    } catch (error) {
      failures.push(`upload: can't create '${target}': ${failureReason(error)}`);
    }
  }
  const stored = uploads.length - failures.length;
  return [...failures, `Uploaded ${stored} file${stored === 1 ? "" : "s"} to ${displayPath(directory)}`].join("\r\n");
}
