// The editor panel `edit FILE` opens beside the terminal: a textarea with the file's text, Save
// (or Ctrl-S) writes it to the workspace, Close (or Escape) returns to the terminal.

import type { WorkspaceApi } from "../shell/workspace-file-system.ts";
import { failureReason } from "../shell/command-options.ts";

export class EditorPanel {
  readonly #title: HTMLElement;
  readonly #text: HTMLTextAreaElement;
  readonly #status: HTMLElement;
  #path = "";
  #closed: (() => void) | undefined;

  constructor(
    private readonly panel: HTMLElement,
    private readonly workspace: WorkspaceApi,
    private readonly onClose: () => void,
  ) {
    this.#title = panel.querySelector(".editor-title")!;
    this.#text = panel.querySelector("textarea")!;
    this.#status = panel.querySelector(".editor-status")!;
    panel.querySelector(".editor-save")!.addEventListener("click", () => void this.save());
    panel.querySelector(".editor-close")!.addEventListener("click", () => this.close());
    this.#text.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void this.save();
      } else if (event.key === "Escape") {
        this.close();
      }
    });
  }

  /** Shows the file (`content` absent: a new, empty one) and resolves when the panel is closed. */
  open(path: string, content: Uint8Array | undefined): Promise<void> {
    this.#path = path;
    this.#title.textContent = path;
    this.#text.value = content ? new TextDecoder().decode(content) : "";
    this.#status.textContent = content ? "" : "New file";
    this.panel.hidden = false;
    this.#text.focus();
    return new Promise((resolve) => (this.#closed = resolve));
  }

  async save(): Promise<void> {
    try {
      await this.workspace.workspaceWrite({ path: this.#path, body: new TextEncoder().encode(this.#text.value) });
      this.#status.textContent = `Saved ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      this.#status.textContent = `Not saved: ${failureReason(error)}`;
    }
  }

  close(): void {
    this.panel.hidden = true;
    this.#closed?.();
    this.#closed = undefined;
    this.onClose();
  }
}
