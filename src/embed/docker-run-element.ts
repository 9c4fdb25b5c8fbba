// <docker-run>: a runnable example on any page. It shows the example's commands (fixed with
// `readonly`, else editable), a Run button (Stop while it runs: Ctrl-C to the command), a status
// line for screen readers, and the output as plain text. Its files go into its own workspace directory before each run. All examples of a page
// share one engine; it starts when an example is first run or scrolled into view (`autorun` runs
// the example then).

import { commandText, exampleCommands, exampleFiles } from "./example-source.ts";
import type { FrameClient } from "./frame-client.ts";
import { ScreenText } from "./screen-text.ts";
import { exampleStyle } from "./example-style.ts";

const defaultRows = 8;
const columns = 80;
let examplesMade = 0;

/** The workspace directory of an example: its `workspace` attribute, else its id, else its place on the page. */
function workspaceDirectory(element: HTMLElement, index: number): string {
  const name = element.getAttribute("workspace") || element.id || `example-${index}`;
  return `/examples/${name.replace(/[^A-Za-z0-9._-]/g, "-")}`;
}

/** A command as a terminal shows it typed: after a `$ ` prompt, its further lines after `> `. */
function shownAsTyped(command: string): string {
  return `$ ${command.replaceAll("\n", "\n> ")}`;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, properties: Partial<HTMLElementTagNameMap[K]> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), properties);
}

export function defineDockerRun(engine: () => FrameClient): void {
  if (customElements.get("docker-run")) return;

  class DockerRunElement extends HTMLElement {
    #index = ++examplesMade;
    #commands: HTMLElement | undefined;
    #runButton: HTMLButtonElement | undefined;
    #status: HTMLElement | undefined;
    #output: HTMLPreElement | undefined;
    #screen = new ScreenText();
    /** While a run is under way: stops it (Ctrl-C to its command), the Run button's job then. */
    #stop: AbortController | undefined;
    #visibility: IntersectionObserver | undefined;

    connectedCallback(): void {
      if (this.#runButton) return;
      this.#render();
      // The engine starts once an example comes into view; an autorun example then runs.
      this.#visibility = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#visibility?.disconnect();
        if (this.hasAttribute("autorun")) void this.run();
        else void this.#boot().catch(() => undefined);
      });
      this.#visibility.observe(this);
    }

    disconnectedCallback(): void {
      this.#visibility?.disconnect();
    }

    /** The command lines as the reader sees them now (an editable example's, as edited). */
    get commands(): string[] {
      // The editor holds the whole command lines already (with the image's `docker run` written out).
      if (this.#commands instanceof HTMLTextAreaElement) return exampleCommands(this.#commands.value, null);
      return exampleCommands(commandText(this), this.getAttribute("image"));
    }

    /** Writes the example's files, then runs its commands in order up to the first that fails; resolves to the last exit code. */
    async run(): Promise<number | undefined> {
      if (this.#stop) return undefined;
      const stop = new AbortController();
      this.#stop = stop;
      this.#runButton!.textContent = "Stop";
      this.#screen.clear();
      this.#show();
      let exitCode = 0;
      try {
        const client = await this.#boot();
        this.#say("Running…");
        const directory = workspaceDirectory(this, this.#index);
        for (const file of exampleFiles(this)) await client.writeFile(`${directory}/${file.path}`, file.text);
        for (const command of this.commands) {
          if (stop.signal.aborted) break;
          this.#append(`${shownAsTyped(command)}\n`);
          exitCode = await client.run(command, { directory, columns, signal: stop.signal, onOutput: (text) => this.#append(text) });
          if (exitCode !== 0 || stop.signal.aborted) break;
        }
        this.#say(stop.signal.aborted ? `Stopped: exit status ${exitCode}.` : exitCode === 0 ? "Done." : `Failed: exit status ${exitCode}.`);
        if (exitCode !== 0) this.#append(`exit status ${exitCode}\n`);
        return exitCode;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.#say(`Failed: ${message}`);
        this.#append(`${message}\n`);
        return undefined;
      } finally {
        this.#stop = undefined;
        this.#runButton!.textContent = "Run";
      }
    }

    /** Starts the page's engine if nothing has, showing its progress here until it is ready. */
    async #boot(): Promise<FrameClient> {
      const client = engine();
      this.#say("Starting the engine…");
      const stopProgress = client.onProgress((message) => this.#say(message));
      try {
        await client.boot();
      } finally {
        stopProgress();
      }
      if (!this.#stop) this.#say("Ready.");
      return client;
    }

    #render(): void {
      const root = this.attachShadow({ mode: "open" });
      const readonly = this.hasAttribute("readonly");
      const shown = exampleCommands(commandText(this), this.getAttribute("image"));
      const rows = Number.parseInt(this.getAttribute("rows") ?? "", 10);
      const style = make("style", { textContent: exampleStyle });
      const commandsId = "commands";
      if (readonly) {
        this.#commands = make("pre", { className: "commands", id: commandsId, textContent: shown.map(shownAsTyped).join("\n") });
      } else {
        const editor = make("textarea", { className: "commands", id: commandsId, value: shown.join("\n"), spellcheck: false });
        editor.rows = Math.max(1, editor.value.split("\n").length);
        editor.setAttribute("aria-label", "Commands to run");
        this.#commands = editor;
      }
      this.#runButton = make("button", { type: "button", className: "run", textContent: "Run" });
      this.#runButton.part.add("run");
      this.#runButton.setAttribute("aria-describedby", commandsId);
      this.#runButton.addEventListener("click", () => {
        if (!this.#stop) void this.run();
        else if (!this.#stop.signal.aborted) {
          this.#say("Stopping…");
          this.#stop.abort();
        }
      });
      this.#status = make("p", { className: "status" });
      this.#status.setAttribute("role", "status");
      this.#status.part.add("status");
      this.#output = make("pre", { className: "output", tabIndex: 0 });
      this.#output.setAttribute("aria-label", "Output");
      this.#output.part.add("output");
      this.#output.style.height = `${(Number.isInteger(rows) && rows > 0 ? rows : defaultRows) * 1.35}em`;
      const bar = make("div", { className: "bar" });
      bar.append(this.#runButton, this.#status);
      const frame = make("div", { className: "example" });
      this.#commands.part.add("commands");
      frame.append(this.#commands, bar, this.#output);
      root.append(style, frame);
    }

    #say(message: string): void {
      this.#status!.textContent = message;
    }

    #append(text: string): void {
      this.#screen.write(text);
      this.#show();
    }

    #show(): void {
      const output = this.#output!;
      const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
      output.textContent = this.#screen.text;
      if (atBottom) output.scrollTop = output.scrollHeight;
    }
  }

  customElements.define("docker-run", DockerRunElement);
}
