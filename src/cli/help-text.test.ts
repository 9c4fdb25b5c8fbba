import { describe, expect, it } from "vitest";
import { infoSpec, runSpec, versionSpec } from "./command-specs.ts";
import { psSpec, stopSpec } from "./container-command-specs.ts";
import { imageSpec, rootSpec, verbSpecs } from "./command-tree.ts";
import { formatCommandHelp, formatRootHelp } from "./help-text.ts";
import { historySpec, imageInspectSpec } from "./image-command-specs.ts";

describe("formatRootHelp", () => {
  it("lists the supported verbs the way docker --help does", () => {
    expect(formatRootHelp(verbSpecs, rootSpec.flags)).toBe(
      [
        "",
        "Usage:  docker [OPTIONS] COMMAND",
        "",
        "A self-sufficient runtime for containers",
        "",
        "Common Commands:",
        "  run         Create and run a new container from an image",
        "  exec        Execute a command in a running container",
        "  ps          List containers",
        "  build       Build an image from a Dockerfile",
        "  pull        Download an image from a registry",
        "  push        Upload an image to a registry",
        "  images      List images",
        "  login       Authenticate to a registry",
        "  logout      Log out from a registry",
        "  version     Show the Docker version information",
        "  info        Display system-wide information",
        "",
        "Management Commands:",
        "  container   Manage containers",
        "  context     Manage contexts",
        "  image       Manage images",
        "  network     Manage networks",
        "  system      Manage Docker",
        "",
        "Commands:",
        "  attach      Attach local standard input, output, and error streams to a running container",
        "  commit      Create a new image from a container's changes",
        "  cp          Copy files/folders between a container and the local filesystem",
        "  create      Create a new container",
        "  diff        Inspect changes to files or directories on a container's filesystem",
        "  events      Get real time events from the server",
        "  export      Export a container's filesystem as a tar archive",
        "  history     Show the history of an image",
        "  import      Import the contents from a tarball to create a filesystem image",
        "  inspect     Return low-level information on Docker objects",
        "  kill        Kill one or more running containers",
        "  load        Load an image from a tar archive or STDIN",
        "  logs        Fetch the logs of a container",
        "  pause       Pause all processes within one or more containers",
        "  port        List port mappings or a specific mapping for the container",
        "  rename      Rename a container",
        "  restart     Restart one or more containers",
        "  rm          Remove one or more containers",
        "  rmi         Remove one or more images",
        "  save        Save one or more images to a tar archive (streamed to STDOUT by default)",
        "  start       Start one or more stopped containers",
        "  stats       Display a live stream of container(s) resource usage statistics",
        "  stop        Stop one or more running containers",
        "  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        "  top         Display the running processes of a container",
        "  unpause     Unpause all processes within one or more containers",
        "  wait        Block until one or more containers stop, then print their exit codes",
        "",
        "Global Options:",
        '  -c, --context string   Name of the context to use to connect to the daemon (overrides the default context set with "docker context use")',
        "  -H, --host list        Daemon socket to connect to",
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
        "Aliases:",
        "  docker container run, docker run",
        "",
        "Options:",
        "      --add-host list        Add a custom host-to-IP mapping (host:ip)",
        "      --cpus decimal         Number of CPUs",
        "  -d, --detach               Run container in background and print container ID",
        "      --detach-keys string   Override the key sequence for detaching a container",
        "      --dns list             Set custom DNS servers",
        "      --dns-option list      Set DNS options",
        "      --dns-search list      Set custom DNS search domains",
        "      --entrypoint string    Overwrite the default ENTRYPOINT of the image",
        "  -e, --env list             Set environment variables",
        "      --env-file list        Read in a file of environment variables",
        "      --expose list          Expose a port or a range of ports",
        "  -h, --hostname string      Container host name",
        "      --init                 Run an init inside the container that forwards signals and reaps processes",
        "  -i, --interactive          Keep STDIN open even if not attached",
        "      --ip string            IPv4 address (e.g., 172.30.100.104)",
        "  -l, --label list           Set meta data on a container",
        "  -m, --memory bytes         Memory limit",
        "      --memory-swap bytes    Swap limit equal to memory plus swap: '-1' to enable unlimited swap",
        "      --name string          Assign a name to the container",
        "      --network network      Connect a container to a network",
        "      --network-alias list   Add network-scoped alias for the container",
        "      --pids-limit int       Tune container pids limit (set -1 for unlimited)",
        "  -p, --publish list         Publish a container's port(s) to the host",
        "  -P, --publish-all          Publish all exposed ports to random ports",
        '      --pull string          Pull image before running ("always", "missing", "never") (default "missing")',
        "      --read-only            Mount the container's root filesystem as read only",
        '      --restart string       Restart policy to apply when a container exits (default "no")',
        "      --rm                   Automatically remove the container and its associated anonymous volumes when it exits",
        "      --stop-signal string   Signal to stop the container",
        "      --stop-timeout int     Timeout (in seconds) to stop a container",
        "      --tmpfs list           Mount a tmpfs directory",
        "  -t, --tty                  Allocate a pseudo-TTY",
        "  -u, --user string          Username or UID (format: <name|uid>[:<group|gid>])",
        "  -w, --workdir string       Working directory inside the container",
        "",
      ].join("\n"),
    );
  });

  it("shows docker ps's options", () => {
    expect(formatCommandHelp(psSpec).split("\n").slice(5)).toEqual([
      "Aliases:",
      "  docker container ls, docker container list, docker container ps, docker ps",
      "",
      "Options:",
      "  -a, --all             Show all containers (default shows just running)",
      "  -f, --filter filter   Filter output based on conditions provided",
      "      --format string   Format output using a custom template:",
      "                        'table':            Print output in table format with column headers (default)",
      "                        'table TEMPLATE':   Print output in table format using the given Go template",
      "                        'json':             Print in JSON format",
      "                        'TEMPLATE':         Print output using the given Go template.",
      "                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
      "  -n, --last int        Show n last created containers (includes all states) (default -1)",
      "  -l, --latest          Show the latest created container (includes all states)",
      "      --no-trunc        Don't truncate output",
      "  -q, --quiet           Only display container IDs",
      "  -s, --size            Display total file sizes",
      "",
    ]);
  });

  it("hides a deprecated flag", () => {
    expect(formatCommandHelp(stopSpec).split("\n").slice(8)).toEqual([
      "Options:",
      "  -s, --signal string   Signal to send to the container",
      "  -t, --timeout int     Seconds to wait before killing the container",
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
        "      --format string   Format output using a custom template:",
        "                        'table':            Print output in table format with column headers (default)",
        "                        'table TEMPLATE':   Print output in table format using the given Go template",
        "                        'json':             Print in JSON format",
        "                        'TEMPLATE':         Print output using the given Go template.",
        "                        Refer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
        "  -H, --human           Print sizes and dates in human readable format (default true)",
        "      --no-trunc        Don't truncate output",
        "  -q, --quiet           Only show image IDs",
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
        "  build       Build an image from a Dockerfile",
        "  history     Show the history of an image",
        "  import      Import the contents from a tarball to create a filesystem image",
        "  inspect     Display detailed information on one or more images",
        "  load        Load an image from a tar archive or STDIN",
        "  ls          List images",
        "  prune       Remove unused images",
        "  pull        Download an image from a registry",
        "  push        Upload an image to a registry",
        "  rm          Remove one or more images",
        "  save        Save one or more images to a tar archive (streamed to STDOUT by default)",
        "  tag         Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
        "",
        "Run 'docker image COMMAND --help' for more information on a command.",
        "",
      ].join("\n"),
    );
  });
});
