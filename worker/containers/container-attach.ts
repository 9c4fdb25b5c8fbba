// ContainerAttach: a client's connection to a container's init process: its output as it comes,
// and (with stdin) its input, until the container stops or the client detaches (detach keys) or
// hangs up. A client may attach before the container starts, as `docker run` and `start -a` do;
// the stream then ends at the next exit.

import type { OutputSink } from "../../src/api/engine-api.ts";
import { EngineStream } from "../streams/stream-connection.ts";
import type { ContainerService } from "./container-service.ts";
import { DetachKeyScanner, parseDetachKeys } from "../../src/api/detach-keys.ts";

export interface AttachOptions {
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  detachKeys?: string;
}

export function attachContainer(containers: ContainerService, idOrName: string, options: AttachOptions, sink: OutputSink): EngineStream {
  const record = containers.index.resolve(idOrName);
  const runtime = containers.runtime(record);
  const scanner = new DetachKeyScanner(parseDetachKeys(options.detachKeys));
  const withStdin = options.stdin === true && record.config.OpenStdin === true;
  // Input sent before the container starts waits for its start; calls resume in the order they came.
  const task = () => runtime.runningTask(stream.done().catch(() => undefined));
  const stream: EngineStream = new EngineStream({
    async write(data) {
      const { pass, detach } = scanner.scan(data);
      if (withStdin && pass.length > 0) {
        const running = await task();
        if (running) await running.session.agent.writeStdin(running.init.handle, pass);
      }
      if (detach) stream.end();
    },
    async closeWrite() {
      if (!withStdin || !record.config.StdinOnce) return;
      const running = await task();
      if (running) await running.session.agent.closeStdin(running.init.handle);
    },
  });
  const attachment = { stream, sink, stdout: options.stdout !== false, stderr: options.stderr !== false };
  // A stopped container may be started after the attach (`docker start -a`), so only removal ends it now.
  if (record.state.Status === "removing" || record.state.Status === "dead") {
    stream.end();
    return stream;
  }
  runtime.attachments.add(attachment);
  stream.onClose(() => runtime.attachments.delete(attachment));
  containers.events.publish(record, "attach");
  return stream;
}
