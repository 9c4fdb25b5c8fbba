import { describe, expect, it } from "vitest";
import { infoSpec, psSpec, runSpec, versionSpec } from "./command-specs.ts";
import { imageSpec, verbSpecs } from "./command-tree.ts";
import { formatCommandHelp, formatRootHelp } from "./help-text.ts";
import { historySpec, imageInspectSpec } from "./image-command-specs.ts";

describe("formatRootHelp", () => {
  it("lists the supported verbs the way docker --help does", () => {
    expect(formatRootHelp(verbSpecs)).toBe(
      [
        "",
        "Usage:  docker [OPTIONS] COMMAND",
        "",
        "A self-sufficient runtime for containers",
        "",
        "Common Commands:",
        "  run         Create and run a new container from an image",
        "  ps          List containers",
        "  pull        Download an image from a registry",
        "  images      List images",
        "  version     Show the Docker version information",
        "  info        Display system-wide information",
        "",
        "Management Commands:",
        "  image       Manage images",
        "  system      Manage Docker",
        "",
        "Commands:",
        "  history     Show the history of an image",
        "  inspect     Return low-level information on Docker objects",
        "  rm          Remove one or more containers",
        "  rmi         Remove one or more images",
        "  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        "",
        "Run 'docker COMMAND --help' for more information on a command.",
        "",
        "For more help on how to use Docker, head to https://docs.docker.com/go/guides/",
        "",
      ].join("\n"),
    );
  });
});

describe("formatCommandHelp", () => {
  it("shows docker run's usage and options", () => {
    expect(formatCommandHelp(runSpec)).toBe(
      [
        "",
        "Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]",
        "",
        "Create and run a new container from an image",
        "",
        "Options:",
        "  -d, --detach              Run container in background and print container ID",
        "      --entrypoint string   Overwrite the default ENTRYPOINT of the image",
        "  -e, --env list            Set environment variables",
        "  -h, --hostname string     Container host name",
        "  -i, --interactive         Keep STDIN open even if not attached",
        "      --name string         Assign a name to the container",
        '      --pull string         Pull image before running ("always", "missing", "never") (default "missing")',
        "      --rm                  Automatically remove the container and its associated anonymous volumes when it exits",
        "  -t, --tty                 Allocate a pseudo-TTY",
        '  -u, --user string         Username or UID (format: "<name|uid>[:<group|gid>]")',
        "  -w, --workdir string      Working directory inside the container",
        "",
      ].join("\n"),
    );
  });

  it("shows docker ps's options", () => {
    expect(formatCommandHelp(psSpec).split("\n").slice(5)).toEqual([
      "Options:",
      "  -a, --all        Show all containers (default shows just running)",
      "      --no-trunc   Don't truncate output",
      "  -q, --quiet      Only display container IDs",
      "",
    ]);
  });

  it("has no Options section for a verb without flags", () => {
    expect(formatCommandHelp(versionSpec)).toBe("\nUsage:  docker version\n\nShow the Docker version information\n");
  });

  it("lists the ways to type a verb under Aliases", () => {
    expect(formatCommandHelp(infoSpec)).toBe(
      "\nUsage:  docker info\n\nDisplay system-wide information\n\nAliases:\n  docker system info, docker info\n",
    );
  });

  it("shows a boolean that defaults to true", () => {
    expect(formatCommandHelp(historySpec)).toBe(
      [
        "",
        "Usage:  docker history [OPTIONS] IMAGE",
        "",
        "Show the history of an image",
        "",
        "Aliases:",
        "  docker image history, docker history",
        "",
        "Options:",
        "  -H, --human      Print sizes and dates in human readable format (default true)",
        "      --no-trunc   Don't truncate output",
        "  -q, --quiet      Only show image IDs",
        "",
      ].join("\n"),
    );
  });

  it("indents a description's further lines to the description column", () => {
    expect(formatCommandHelp(imageInspectSpec).split("\n").slice(5)).toEqual([
      "Options:",
      "  -f, --format string   Format output using a custom template:",
      "                        'json':             Print in JSON format",
      "                        'TEMPLATE':         Print output using the given Go template.",
      "                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
      "",
    ]);
  });

  it("lists a management command's verbs by name", () => {
    expect(formatCommandHelp(imageSpec)).toBe(
      [
        "",
        "Usage:  docker image COMMAND",
        "",
        "Manage images",
        "",
        "Commands:",
        "  history     Show the history of an image",
        "  inspect     Display detailed information on one or more images",
        "  ls          List images",
        "  prune       Remove unused images",
        "  pull        Download an image from a registry",
        "  rm          Remove one or more images",
        "  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        "",
        "Run 'docker image COMMAND --help' for more information on a command.",
        "",
      ].join("\n"),
    );
  });
});
