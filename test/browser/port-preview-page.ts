// Plays the berth tab for the port preview's service worker in a real browser, before a guest can
// answer: the page's real bridge (src/ui/port-bridge.ts) serves the service worker's connections,
// and an engine whose only published port, 8080, is a small HTTP/1.1 server written here answers
// them. Sets window.portPreviewReady once the service worker is active.

import type { EngineApi, OutputSink, StreamConnection } from "../../src/api/engine-api.ts";
import { EngineError } from "../../src/api/errors.ts";
import { servePortConnections } from "../../src/ui/port-bridge.ts";
import { registerSiteServiceWorker } from "../../src/ui/service-worker-registration.ts";

declare global {
  interface Window {
    portPreviewReady?: boolean;
  }
}

/** The bytes of /big: 5 MiB whose byte i is (i × 7919) mod 251, which the test computes too. */
const bigSize = 5 * 1024 * 1024;
const piece = 64 * 1024;

const encoder = new TextEncoder();

/** One connection to the scripted server: it reads the request head, then answers by path. */
class ScriptedConnection implements StreamConnection {
  #head = "";
  #answered = false;
  #finish!: () => void;
  readonly #done = new Promise<void>((resolve) => (this.#finish = resolve));

  constructor(private readonly sink: OutputSink) {}

  done(): Promise<void> {
    return this.#done;
  }

  async close(): Promise<void> {
    this.#finish();
  }

  async closeWrite(): Promise<void> {}

  async write(data: Uint8Array): Promise<void> {
    this.#head += new TextDecoder().decode(data);
    if (this.#answered || !this.#head.includes("\r\n\r\n")) return;
    this.#answered = true;
    const [method, path] = this.#head.split(" ");
    void this.#answer(method, path);
  }

  async #answer(method: string, path: string): Promise<void> {
    const send = (text: string | Uint8Array) => this.sink.write(1, typeof text === "string" ? encoder.encode(text) : text);
    if (path === "/") {
      const page = `<!doctype html><title>scripted</title><h1>hello from port 8080</h1><p>${method}</p>`;
      await send(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\n\r\n${page}`);
    } else if (path === "/big") {
      await send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (let offset = 0; offset < bigSize; offset += piece) {
        const bytes = Uint8Array.from({ length: Math.min(piece, bigSize - offset) }, (_, index) => ((offset + index) * 7919) % 251);
        await send(`${bytes.length.toString(16)}\r\n`);
        await send(bytes);
        await send("\r\n");
      }
      await send("0\r\n\r\n");
    } else if (path === "/data.txt") {
      await send("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nabsolute path served");
    } else if (path === "/redirect") {
      await send("HTTP/1.1 302 Found\r\nLocation: /data.txt\r\nContent-Length: 0\r\n\r\n");
    } else {
      await send("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
    }
    await send(new Uint8Array(0));
  }
}

const engine: Pick<EngineApi, "portConnect"> = {
  async portConnect({ port }, sink) {
    if (port !== "8080") throw new EngineError("not-found", `no running container publishes port ${port}`);
    return new ScriptedConnection(sink);
  },
};

servePortConnections(navigator.serviceWorker, engine, (value) => value);
void registerSiteServiceWorker(navigator.serviceWorker).then((running) => (window.portPreviewReady = running));
