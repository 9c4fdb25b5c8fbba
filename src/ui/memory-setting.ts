// The dashboard's "Guest memory" setting: a size in Docker's spelling ("768m", "0.75g"), kept in
// localStorage and handed to the engine when the page starts it, so a change takes effect at the
// next boot (a reload). Empty means the guest image's default. The engine never restores a snapshot
// saved at another size: the guest cold boots at the new one.

import { parseGuestMemory } from "../api/guest-memory.ts";

const memorySettingKey = "berth-guest-memory";
const MiB = 1024 * 1024;

export interface MemorySettingElements {
  form: HTMLFormElement;
  input: HTMLInputElement;
  status: HTMLElement;
}

/** The saved size in bytes; undefined for the default, or for a saved value that no longer parses. */
export function savedGuestMemory(storage: Storage): number | undefined {
  const saved = storage.getItem(memorySettingKey);
  if (saved === null) return undefined;
  try {
    return parseGuestMemory(saved);
  } catch {
    return undefined;
  }
}

export class MemorySetting {
  /** The guest's memory as booted, once known. */
  #bootedMiB: number | undefined;

  constructor(
    private readonly elements: MemorySettingElements,
    private readonly storage: Storage,
  ) {
    const saved = savedGuestMemory(storage);
    elements.input.value = saved === undefined ? "" : `${saved / MiB}m`;
    elements.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#apply(elements.input.value.trim());
    });
  }

  /** The guest came up with `memoryMiB`. */
  booted(memoryMiB: number): void {
    this.#bootedMiB = memoryMiB;
    this.#describe();
  }

  #apply(text: string): void {
    if (text === "") {
      this.storage.removeItem(memorySettingKey);
    } else {
      let bytes: number;
      try {
        bytes = parseGuestMemory(text);
      } catch (error) {
        this.elements.status.textContent = `Invalid memory size "${text}": ${error instanceof Error ? error.message : String(error)}`;
        return;
      }
      this.storage.setItem(memorySettingKey, `${bytes / MiB}m`);
      this.elements.input.value = `${bytes / MiB}m`;
    }
    this.#describe(true);
  }

  #describe(justSaved = false): void {
    const saved = savedGuestMemory(this.storage);
    const wanted = saved === undefined ? "the default size" : `${saved / MiB} MiB`;
    const lines = [
      this.#bootedMiB === undefined ? "" : `The guest has ${this.#bootedMiB} MiB.`,
      justSaved ? `Saved: ${wanted} from the next boot; reload the page to apply it.` : "",
    ];
    this.elements.status.textContent = lines.filter(Boolean).join(" ");
  }
}
