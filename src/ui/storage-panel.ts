// The dashboard's storage section: how much the site keeps in this browser (the engine's images,
// containers and snapshot in IndexedDB, the app's offline copy, …) of the quota the browser grants
// it (navigator.storage.estimate()), and "Reset all data", which asks once more in place before it
// erases anything.

import { humanSizeWithPrecision } from "../cli/human-size.ts";

export interface StoragePanelElements {
  usage: HTMLElement;
  reset: HTMLButtonElement;
  /** Shown after the first press: the question, the button that erases and the one that does not. */
  confirmation: HTMLElement;
  erase: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

const size = (bytes: number) => humanSizeWithPrecision(bytes, 3);

export class StoragePanel {
  constructor(
    private readonly elements: StoragePanelElements,
    private readonly storage: StorageManager | undefined,
    resetAllData: () => Promise<void>,
  ) {
    elements.reset.addEventListener("click", () => this.#asking(true));
    elements.cancel.addEventListener("click", () => this.#asking(false));
    elements.erase.addEventListener("click", () => {
      elements.erase.disabled = elements.cancel.disabled = true;
      elements.usage.textContent = "Erasing all data…";
      resetAllData().catch((error: unknown) => {
        elements.usage.textContent = `The reset failed: ${error instanceof Error ? error.message : String(error)}`;
        elements.erase.disabled = elements.cancel.disabled = false;
      });
    });
  }

  async refresh(): Promise<void> {
    if (!this.storage?.estimate) {
      this.elements.usage.textContent = "This browser does not say how much the site stores.";
      return;
    }
    const { usage = 0, quota } = await this.storage.estimate();
    this.elements.usage.textContent = quota === undefined ? `${size(usage)} used` : `${size(usage)} used of ${size(quota)}`;
  }

  #asking(asking: boolean): void {
    this.elements.confirmation.hidden = !asking;
    this.elements.reset.hidden = asking;
    (asking ? this.elements.cancel : this.elements.reset).focus();
  }
}
