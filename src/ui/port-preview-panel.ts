// The panel that shows a published port inside the page (an iframe on /ports/PORT/, which the
// service worker relays to the container), with a link to open it in a tab of its own. It says what
// does not pass through the preview.

export const previewLimits = "The preview relays HTTP requests to the container: WebSockets and cookies do not pass.";

/** The page of a published port: the same origin's /ports/PORT/. */
export function portPath(port: number): string {
  return `/ports/${port}/`;
}

export class PortPreviewPanel {
  readonly #title: HTMLElement;
  readonly #open: HTMLAnchorElement;
  readonly #frame: HTMLIFrameElement;

  constructor(
    private readonly panel: HTMLElement,
    private readonly onClose: () => void,
  ) {
    this.#title = panel.querySelector(".preview-title")!;
    this.#open = panel.querySelector(".preview-open")!;
    this.#frame = panel.querySelector("iframe")!;
    panel.querySelector(".preview-note")!.textContent = previewLimits;
    panel.querySelector(".preview-reload")!.addEventListener("click", () => this.#frame.contentWindow?.location.reload());
    panel.querySelector(".preview-close")!.addEventListener("click", () => this.close());
  }

  show(port: number, label: string): void {
    this.#title.textContent = label;
    this.#open.href = portPath(port);
    this.#frame.src = portPath(port);
    this.panel.hidden = false;
  }

  close(): void {
    this.panel.hidden = true;
    this.#frame.src = "about:blank";
    this.onClose();
  }
}
