// The image verbs, worded as Docker's help words them. Most exist both at the top level
// (`docker rmi`) and under `docker image` (command-tree.ts derives those).

import type { CommandSpec } from "./command-specs.ts";
import { inspectFormatHelp, listFormatHelp } from "./format-flag-help.ts";

export const pullSpec: CommandSpec = {
  name: "pull",
  path: "docker pull",
  usage: "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
  description: "Download an image from a registry",
  helpAliases: "docker image pull, docker pull",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "common",
  flags: [
    { name: "platform", kind: "string", description: "Set platform if server is multi-platform capable" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Suppress verbose output" },
  ],
};

export const pushSpec: CommandSpec = {
  name: "push",
  path: "docker push",
  usage: "docker push [OPTIONS] NAME[:TAG]",
  description: "Upload an image to a registry",
  helpAliases: "docker image push, docker push",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "common",
  flags: [
    { name: "all-tags", shorthand: "a", kind: "bool", description: "Push all tags of an image to the repository" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Suppress verbose output" },
  ],
};

export const loginSpec: CommandSpec = {
  name: "login",
  path: "docker login",
  usage: "docker login [OPTIONS] [SERVER]",
  description: "Authenticate to a registry",
  longDescription: "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
  interspersed: true,
  args: { max: 1 },
  category: "common",
  flags: [
    { name: "password", shorthand: "p", kind: "string", description: "Password or Personal Access Token (PAT)" },
    { name: "password-stdin", kind: "bool", description: "Take the Password or Personal Access Token (PAT) from stdin" },
    { name: "username", shorthand: "u", kind: "string", description: "Username" },
  ],
};

export const logoutSpec: CommandSpec = {
  name: "logout",
  path: "docker logout",
  usage: "docker logout [SERVER]",
  description: "Log out from a registry",
  longDescription: "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
  interspersed: true,
  args: { max: 1 },
  category: "common",
  flags: [],
};

export const imagesSpec: CommandSpec = {
  name: "images",
  path: "docker images",
  usage: "docker images [OPTIONS] [REPOSITORY[:TAG]]",
  description: "List images",
  helpAliases: "docker image ls, docker image list, docker images",
  interspersed: true,
  args: { max: 1 },
  category: "common",
  flags: [
    { name: "all", shorthand: "a", kind: "bool", description: "Show all images (default hides intermediate images)" },
    { name: "digests", kind: "bool", description: "Show digests" },
    { name: "no-trunc", kind: "bool", description: "Don't truncate output" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only show image IDs" },
  ],
};

export const rmiSpec: CommandSpec = {
  name: "rmi",
  path: "docker rmi",
  usage: "docker rmi [OPTIONS] IMAGE [IMAGE...]",
  description: "Remove one or more images",
  helpAliases: "docker image rm, docker image remove, docker rmi",
  interspersed: true,
  args: { min: 1 },
  category: "other",
  flags: [
    { name: "force", shorthand: "f", kind: "bool", description: "Force removal of the image" },
    // Accepted for compatibility: berth's images have no parent images to keep.
    { name: "no-prune", kind: "bool", description: "Do not delete untagged parents" },
  ],
};

export const tagSpec: CommandSpec = {
  name: "tag",
  path: "docker tag",
  usage: "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
  description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
  helpAliases: "docker image tag, docker tag",
  interspersed: false,
  args: { min: 2, max: 2 },
  category: "other",
  flags: [],
};

export const historySpec: CommandSpec = {
  name: "history",
  path: "docker history",
  usage: "docker history [OPTIONS] IMAGE",
  description: "Show the history of an image",
  helpAliases: "docker image history, docker history",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "other",
  flags: [
    { name: "format", kind: "string", description: listFormatHelp },
    {
      name: "human",
      shorthand: "H",
      kind: "bool",
      description: "Print sizes and dates in human readable format",
      defaultValue: "true",
    },
    { name: "no-trunc", kind: "bool", description: "Don't truncate output" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Only show image IDs" },
  ],
};

export const imageInspectSpec: CommandSpec = {
  name: "inspect",
  path: "docker image inspect",
  usage: "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
  description: "Display detailed information on one or more images",
  interspersed: true,
  args: { min: 1 },
  flags: [{ name: "format", shorthand: "f", kind: "string", description: inspectFormatHelp }],
};

export const imagePruneSpec: CommandSpec = {
  name: "prune",
  path: "docker image prune",
  usage: "docker image prune [OPTIONS]",
  description: "Remove unused images",
  interspersed: true,
  args: { max: 0 },
  flags: [
    { name: "all", shorthand: "a", kind: "bool", description: "Remove all unused images, not just dangling ones" },
    { name: "force", shorthand: "f", kind: "bool", description: "Do not prompt for confirmation" },
  ],
};

export const buildSpec: CommandSpec = {
  name: "build",
  path: "docker build",
  usage: "docker build [OPTIONS] PATH | -",
  description: "Build an image from a Dockerfile",
  helpAliases: "docker image build, docker build, docker builder build",
  interspersed: true,
  args: { min: 1, max: 1 },
  category: "common",
  flags: [
    { name: "build-arg", kind: "list", description: "Set build-time variables" },
    { name: "file", shorthand: "f", kind: "string", description: "Name of the Dockerfile (Default is 'PATH/Dockerfile')" },
    { name: "label", kind: "list", description: "Set metadata for an image" },
    { name: "no-cache", kind: "bool", description: "Do not use cache when building the image" },
    { name: "pull", kind: "bool", description: "Always attempt to pull a newer version of the image" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Suppress the build output and print image ID on success" },
    { name: "rm", kind: "bool", description: "Remove intermediate containers after a successful build", defaultValue: "true" },
    { name: "tag", shorthand: "t", kind: "list", description: 'Name and optionally a tag in the "name:tag" format' },
    { name: "target", kind: "string", description: "Set the target build stage to build." },
  ],
};

export const saveSpec: CommandSpec = {
  name: "save",
  path: "docker save",
  usage: "docker save [OPTIONS] IMAGE [IMAGE...]",
  description: "Save one or more images to a tar archive (streamed to STDOUT by default)",
  helpAliases: "docker image save, docker save",
  interspersed: true,
  args: { min: 1 },
  category: "other",
  flags: [{ name: "output", shorthand: "o", kind: "string", description: "Write to a file, instead of STDOUT" }],
};

export const loadSpec: CommandSpec = {
  name: "load",
  path: "docker load",
  usage: "docker load [OPTIONS]",
  description: "Load an image from a tar archive or STDIN",
  helpAliases: "docker image load, docker load",
  interspersed: true,
  args: { max: 0 },
  category: "other",
  flags: [
    { name: "input", shorthand: "i", kind: "string", description: "Read from tar archive file, instead of STDIN" },
    { name: "quiet", shorthand: "q", kind: "bool", description: "Suppress the load output" },
  ],
};

export const importSpec: CommandSpec = {
  name: "import",
  path: "docker import",
  usage: "docker import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
  description: "Import the contents from a tarball to create a filesystem image",
  helpAliases: "docker image import, docker import",
  interspersed: true,
  args: { min: 1, max: 2 },
  category: "other",
  flags: [
    { name: "change", shorthand: "c", kind: "list", description: "Apply Dockerfile instruction to the created image" },
    { name: "message", shorthand: "m", kind: "string", description: "Set commit message for imported image" },
  ],
};
