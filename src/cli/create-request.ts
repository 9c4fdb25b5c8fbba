// Turns `docker run` options into the body of POST /containers/create, field by field as the docker
// CLI fills it. Merging with the image's config (an entrypoint given without a command drops the
// image's Cmd) is the daemon's job.

import type { ContainerCreateRequest } from "../api/types.ts";
import type { RunOptions } from "./run-options.ts";

export function buildCreateRequest(options: RunOptions): ContainerCreateRequest {
  const attached = !options.detach;
  const attachStdin = attached && options.interactive;
  const request: ContainerCreateRequest = {
    Image: options.image,
    Tty: options.tty,
    OpenStdin: options.interactive,
    // Close the container's stdin when the attached client lets go of it.
    StdinOnce: attachStdin,
    AttachStdin: attachStdin,
    AttachStdout: attached,
    AttachStderr: attached,
    HostConfig: { AutoRemove: options.autoRemove },
  };
  if (options.command.length > 0) request.Cmd = options.command;
  if (options.entrypoint !== undefined) request.Entrypoint = [options.entrypoint];
  if (options.env.length > 0) request.Env = options.env;
  if (options.workdir) request.WorkingDir = options.workdir;
  if (options.user) request.User = options.user;
  if (options.hostname) request.Hostname = options.hostname;
  return request;
}
