// The host's files for `docker cp` in the page: a download for what comes out of a container, and
// files the user picks (a "Choose files" button appears, and Enter opens the chooser too) or drops
// onto the terminal for what goes in. Ctrl-C cancels the choice.

import type { CommandTerminal, HostFile, HostFiles } from "../cli/context.ts";

export class PageHostFiles implements HostFiles {
  constructor(
    private readonly dropZone: HTMLElement,
    private readonly terminal: CommandTerminal,
  ) {}

  save(name: string, data: Uint8Array): void {
    const url = URL.createObjectURL(new Blob([data as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  choose(): Promise<HostFile[] | undefined> {
    return new Promise((resolve) => {
      const picker = document.createElement("input");
      picker.type = "file";
      picker.multiple = true;
      picker.hidden = true;
      // A real button: browsers open a file chooser only for a user's gesture, which a click always is.
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choose-files";
      button.textContent = "Choose files to copy";
      button.addEventListener("click", () => picker.click());
      this.dropZone.append(picker, button);
      const finish = (files: File[] | undefined) => {
        input.dispose();
        this.dropZone.removeEventListener("dragover", allowDrop);
        this.dropZone.removeEventListener("drop", onDrop);
        picker.remove();
        button.remove();
        if (!files) return resolve(undefined);
        void Promise.all(files.map(readHostFile)).then(resolve);
      };
      const allowDrop = (event: DragEvent) => event.preventDefault();
      const onDrop = (event: DragEvent) => {
        event.preventDefault();
        finish([...(event.dataTransfer?.files ?? [])]);
      };
      picker.addEventListener("change", () => finish([...(picker.files ?? [])]));
      picker.addEventListener("cancel", () => finish(undefined));
      this.dropZone.addEventListener("dragover", allowDrop);
      this.dropZone.addEventListener("drop", onDrop);
      const input = this.terminal.onInput((data) => {
        if (data.includes("\x03")) finish(undefined);
        else if (data.includes("\r")) picker.click();
      });
    });
  }
}

async function readHostFile(file: File): Promise<HostFile> {
  return { name: file.name, data: new Uint8Array(await file.arrayBuffer()), lastModified: file.lastModified };
}
