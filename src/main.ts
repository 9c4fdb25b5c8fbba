// Page entry: start the engine worker, show boot progress, then hand the terminal to the CLI.

import { proxy } from "comlink";
import type { BootProgress, BootReport, EngineNote } from "./api/types.ts";
import { installEngineErrorTransfer } from "./api/error-transfer.ts";
import { complete, type Completion } from "./cli/completion.ts";
import { runDockerArguments } from "./cli/docker.ts";
import type { CommandContext } from "./cli/context.ts";
import { TerminalSession } from "./ui/terminal-session.ts";
import { Dashboard } from "./ui/dashboard.ts";
import { describeBoot } from "./ui/boot-messages.ts";
import { connectEngine } from "./engine-client.ts";
import { startEngineWorker } from "./engine-worker.ts";
import { PageHostFiles } from "./ui/host-files.ts";
import { shellHelp } from "./ui/shell-builtins.ts";
import { HostShell } from "./shell/host-shell.ts";
import { downloadCommand, editCommand } from "./shell/page-commands.ts";
import { displayPath } from "./shell/workspace-file-system.ts";
import { EditorPanel } from "./ui/editor-panel.ts";
import { installUploads } from "./ui/workspace-uploads.ts";
import { makeShareLink, openDemoLink } from "./ui/share-link.ts";
import { installShareButton } from "./ui/share-dialog.ts";
import { ContextStore } from "./cli/context-store.ts";
import { engineFor, type DaemonEndpoints } from "./cli/daemon-endpoint.ts";
import type { EngineApi } from "./api/engine-api.ts";
import { connectRemoteEngine } from "./remote-engine/remote-engine.ts";
import { servePortConnections } from "./ui/port-bridge.ts";
import { PortPreviewPanel } from "./ui/port-preview-panel.ts";
import { registerSiteServiceWorker } from "./ui/service-worker-registration.ts";
import { StoragePanel } from "./ui/storage-panel.ts";
import { followResets, resetAllData } from "./ui/reset-data.ts";
import { MemorySetting, savedGuestMemory } from "./ui/memory-setting.ts";

installEngineErrorTransfer();

const terminalElement = document.getElementById("terminal")!;
const terminal = new TerminalSession(terminalElement);
const bootStatus = document.getElementById("boot-status")!;
// ?test-hooks (the end-to-end tests) enables the engine's test-only operations.
const testHooks = new URLSearchParams(location.search).has("test-hooks");
const worker = startEngineWorker(`berth-engine${testHooks ? " test-hooks" : ""}`);
const engine = connectEngine(worker);
if (testHooks) Object.assign(window, { berthTestHooks: { panicGuest: () => engine.engineGuestPanic({}) } });
// Contexts live in localStorage; one HTTP client per daemon keeps its calls in order across commands.
const remoteEngines = new Map<string, EngineApi>();
const endpoints: DaemonEndpoints = {
  store: new ContextStore(localStorage),
  connect(host, token) {
    const key = `${host} ${token ?? ""}`;
    if (!remoteEngines.has(key)) remoteEngines.set(key, connectRemoteEngine(host, token));
    return remoteEngines.get(key)!;
  },
};
/** The current context's engine: what the side panel shows and tab completion offers. */
const activeEngine = () => engineFor(endpoints, engine, {});
// Published ports open at /ports/PORT/, which the service worker relays through this tab's engine.
const serviceWorkers = "serviceWorker" in navigator ? navigator.serviceWorker : undefined;
if (serviceWorkers) servePortConnections(serviceWorkers, engine, proxy);
let serviceWorkerRunning = false;
const storagePanel = new StoragePanel(
  {
    usage: document.getElementById("storage-usage")!,
    reset: document.getElementById("reset-data") as HTMLButtonElement,
    confirmation: document.getElementById("reset-confirmation")!,
    erase: document.getElementById("reset-erase") as HTMLButtonElement,
    cancel: document.getElementById("reset-cancel") as HTMLButtonElement,
  },
  navigator.storage,
  () =>
    resetAllData({
      engine,
      endEngine: () => worker.terminate(),
      storages: [localStorage, sessionStorage],
      caches: "caches" in window ? caches : undefined,
      reload: () => location.reload(),
    }),
);
void storagePanel.refresh().catch(() => undefined);
const memorySetting = new MemorySetting(
  {
    form: document.getElementById("memory-setting") as HTMLFormElement,
    input: document.getElementById("memory-size") as HTMLInputElement,
    status: document.getElementById("memory-status")!,
  },
  localStorage,
);
followResets({ endEngine: () => worker.terminate(), reload: () => location.reload() });
const portPreview = new PortPreviewPanel(document.getElementById("port-preview")!, () => terminal.focus());
const dashboard = new Dashboard(
  {
    containerList: (request) => activeEngine().containerList(request),
    imageList: (request) => activeEngine().imageList(request),
    containerStats: (request, sink) => activeEngine().containerStats(request, sink),
  },
  proxy,
  document.getElementById("dashboard-containers")!,
  document.getElementById("dashboard-images")!,
  (line) => {
    terminal.type(line);
    terminal.focus();
  },
  {
    previewable: () => serviceWorkerRunning && activeEngine() === engine,
    preview: (port, label) => portPreview.show(port, label),
  },
  storagePanel,
);
void registerSiteServiceWorker(serviceWorkers).then((running) => {
  serviceWorkerRunning = running;
  void dashboard.refresh().catch(() => undefined);
});

const files = new PageHostFiles(terminalElement, terminal);
const context: CommandContext = {
  engine,
  endpoints,
  proxy,
  files,
  stdout: { write: (data) => terminal.write(data) },
  stderr: { write: (data) => terminal.write(data) },
  terminal,
};
// The workspace is always the tab's own, whichever daemon the docker CLI talks to.
const editor = new EditorPanel(document.getElementById("editor-panel")!, engine, () => terminal.focus());
const shell = new HostShell(engine, (args, overrides) => runDockerArguments(args, { ...context, ...overrides }), {
  help: async (_args, io) => {
    io.stdout.write(shellHelp);
    return runDockerArguments(["--help"], { ...context, stdout: io.stdout });
  },
  clear: async () => {
    terminal.clear();
    return 0;
  },
  download: downloadCommand((name, data) => files.save(name, data)),
  edit: editCommand((path, content) => editor.open(path, content)),
});
context.hostFs = shell.fs;
installUploads(
  {
    fileButton: document.getElementById("upload-files") as HTMLButtonElement,
    folderButton: document.getElementById("upload-folder") as HTMLButtonElement,
    dropZone: document.body,
  },
  shell.fs,
  (text) => terminal.notify(text),
);

installShareButton(
  { button: document.getElementById("share-link") as HTMLButtonElement, dialog: document.getElementById("share-dialog") as HTMLDialogElement },
  () => makeShareLink(location.href, terminal.history, engine),
);

function showProgress(progress: BootProgress): void {
  bootStatus.textContent = progress.message;
  terminal.write(`\r\x1b[2K\x1b[2m${progress.message}\x1b[0m`);
}

/** Tab completion with the engine's container and image names. */
async function completeLine(line: string, cursor: number): Promise<Completion> {
  const [containers, images] = await Promise.all([activeEngine().containerList({ all: true }), activeEngine().imageList({})]);
  return complete(line, cursor, {
    containers: containers.flatMap((container) => container.Names.map((name) => name.replace(/^\//, ""))),
    images: images.flatMap((image) => image.RepoTags),
  });
}

async function startEngine(): Promise<void> {
  terminal.writeLine("Starting the berth engine (an i686 Linux guest in a Web Worker)…");
  let report: BootReport;
  try {
    const boot = await engine.engineStart({ memory: savedGuestMemory(localStorage) }, proxy({ report: showProgress }));
    report = await boot.done();
  } catch (error) {
    const message = `The engine failed to start: ${error instanceof Error ? error.message : String(error)}`;
    bootStatus.textContent = message;
    terminal.writeLine(`\r\x1b[2K\x1b[31m${message}\x1b[0m`);
    return;
  }
  memorySetting.booted(report.memoryMiB);
  const summary = describeBoot(report);
  bootStatus.textContent = summary;
  terminal.writeLine(`\r\x1b[2K${summary}`);
  terminal.writeLine("Try: docker run --rm busybox echo hello   ·   docker run -d --name web busybox sleep 1000   ·   help");
  dashboard.start();
  void engine.engineNotes({}, proxy({ report: (note: EngineNote) => terminal.notify(`\x1b[33m${note.message}\x1b[0m`) }));
  // A demo link's files and history come back, and its commands wait on the prompt for Enter.
  await openDemoLink(location, engine, terminal);
  terminal.enablePrompt(async (line) => {
    const exitCode = await shell.run(line, { stdout: context.stdout, stderr: context.stderr, columns: terminal.columns });
    terminal.setPrompt(displayPath(shell.fs.cwd));
    if (exitCode !== 0) terminal.writeLine(`\x1b[2mexit status ${exitCode}\x1b[0m`);
    void dashboard.refresh();
  }, completeLine);
}

void startEngine();
