// The Share button: makes a link carrying the session (share-link.ts), copies it to the clipboard,
// and shows it in a small dialog too, selected, for when the clipboard is not available.

import type { ShareLink } from "./share-link.ts";

export interface ShareDialogParts {
  button: HTMLButtonElement;
  dialog: HTMLDialogElement;
}

/** Wires the button: `makeLink` gives the link when it is clicked. */
export function installShareButton({ button, dialog }: ShareDialogParts, makeLink: () => Promise<ShareLink>): void {
  const field = dialog.querySelector<HTMLTextAreaElement>(".share-url")!;
  const status = dialog.querySelector<HTMLElement>(".share-status")!;
  const notes = dialog.querySelector<HTMLElement>(".share-notes")!;
  dialog.querySelector(".share-close")!.addEventListener("click", () => dialog.close());
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const link = await makeLink();
      field.value = link.url;
      notes.textContent = link.notes.join("\n");
      status.textContent = (await copied(link.url))
        ? `Link copied to the clipboard (${link.url.length} characters). It holds the history and files; nothing was uploaded.`
        : "Copy this link (the clipboard is not available here). It holds the history and files; nothing was uploaded.";
    } catch (error) {
      field.value = "";
      notes.textContent = "";
      status.textContent = `No link: ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
    }
    if (!dialog.open) dialog.showModal();
    field.select();
  });
}

async function copied(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
