// A berth daemon (daemon-process.ts) that admits one browser origin, with the bearer token it
// printed for pages from there.

import { startDaemon, type DaemonProcess } from "./daemon-process.ts";

export interface PageDaemon extends DaemonProcess {
  token: string;
}

export async function startDaemonForPage(stateDirectory: string, origin: string): Promise<PageDaemon> {
  const daemon = await startDaemon(stateDirectory, ["--allow-origin", origin]);
  // The token is printed just after the sockets, possibly in a later chunk.
  for (let waited = 0; waited < 5000; waited += 50) {
    const token = /Bearer ([0-9a-f]+)/.exec(daemon.output())?.[1];
    if (token) return { ...daemon, token };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await daemon.stop();
  throw new Error(`berth daemon printed no bearer token:\n${daemon.output()}`);
}
