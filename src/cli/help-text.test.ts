import { describe, expect, it } from "vitest";
import { psSpec, runSpec, verbSpecs, versionSpec } from "./command-specs.ts";
import { formatCommandHelp, formatRootHelp } from "./help-text.ts";

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
        "  images      List images",
        "  version     Show the Docker version information",
        "  info        Display system-wide information",
        "",
        "Commands:",
        "  rm          Remove one or more containers",
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
});
