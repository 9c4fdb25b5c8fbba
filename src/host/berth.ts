// The `berth` command: `berth daemon [OPTIONS]` runs the engine and serves the Docker Engine API.

import { daemonUsage, parseDaemonOptions, UsageError } from "./daemon-options.ts";
import { startDaemon } from "./daemon.ts";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== "daemon" || rest.includes("--help") || rest.includes("-h")) {
    console.log(daemonUsage());
    return command === "daemon" || command === undefined ? 0 : 1;
  }
  let options;
  try {
    options = parseDaemonOptions(rest);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`berth daemon: ${error.message}\nSee 'berth daemon --help'.`);
    return 125;
  }
  const say = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  const daemon = await startDaemon(options, say);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        say(`${signal} again: exiting now`);
        process.exit(1);
      }
      stopping = true;
      say(`${signal}: shutting down`);
      daemon.shutdown().then(
        () => resolve(0),
        (error: unknown) => {
          console.error(error);
          resolve(1);
        },
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`berth: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
