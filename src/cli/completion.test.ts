import { describe, expect, it } from "vitest";
import { complete } from "./completion.ts";

const names = { containers: ["web", "worker", "db"], images: ["busybox:latest", "alpine:3.20", "debian:12"] };

/** `|` marks the cursor; without one, the cursor is at the end. */
function at(typed: string) {
  const cursor = typed.includes("|") ? typed.indexOf("|") : typed.length;
  return complete(typed.replace("|", ""), cursor, names);
}

describe("complete", () => {
  it.each<[string, number, string[]]>([
    // The program, then verbs.
    ["", 0, ["docker"]],
    ["doc", 0, ["docker"]],
    ["ls ", 3, []],
    ["docker ", 7, ["run", "exec", "ps", "build", "pull", "push", "images", "login", "logout", "version", "info", "attach", "commit", "cp", "create", "diff", "events", "export", "history", "import", "inspect", "kill", "load", "logs", "pause", "port", "rename", "restart", "rm", "rmi", "save", "start", "stats", "stop", "tag", "top", "unpause", "wait", "container", "context", "image", "network", "system"]],
    ["docker r", 7, ["run", "rename", "restart", "rm", "rmi"]],
    ["docker  st", 8, ["start", "stats", "stop"]],
    ["docker frob ", 12, []],
    // Management commands' verbs, and their other names when no name fits.
    ["docker container ", 17, ["attach", "commit", "cp", "create", "diff", "exec", "export", "inspect", "kill", "logs", "ls", "pause", "port", "prune", "rename", "restart", "rm", "run", "start", "stats", "stop", "top", "unpause", "wait"]],
    ["docker container l", 17, ["logs", "ls"]],
    ["docker container li", 17, ["list"]],
    ["docker image r", 13, ["rm"]],
    ["docker image rem", 13, ["remove"]],
    ["docker system ", 14, ["df", "events", "info"]],
    // Flags of the verb at the cursor.
    ["docker ps --", 10, ["--all", "--filter", "--format", "--last", "--latest", "--no-trunc", "--quiet", "--size"]],
    ["docker ps --l", 10, ["--last", "--latest"]],
    ["docker ps -", 10, ["-a", "-f", "-n", "-l", "-q", "-s", "--all", "--filter", "--format", "--last", "--latest", "--no-trunc", "--quiet", "--size"]],
    ["docker ps -a --a", 13, []],
    ["docker ps -f status=exited --fi", 27, ["--filter"]],
    ["docker stop --t", 12, ["--timeout"]],
    ["docker container ls --no", 20, ["--no-trunc"]],
    ["docker run --re", 11, ["--read-only", "--restart"]],
    // Flag values.
    ["docker run --restart ", 21, ["no", "always", "on-failure", "unless-stopped"]],
    ["docker run --restart=on", 21, ["on-failure"]],
    ["docker run --pull n", 18, ["never"]],
    ["docker inspect --type ", 22, ["container", "image"]],
    ["docker ps -n ", 13, []],
    ["docker logs --tail 10 ", 22, ["web", "worker", "db"]],
    // Containers where CONTAINER goes.
    ["docker stop ", 12, ["web", "worker", "db"]],
    ["docker stop w", 12, ["web", "worker"]],
    ["docker stop web w", 16, ["web", "worker"]],
    ["docker container rm -f w", 23, ["web", "worker"]],
    ["docker logs -f d", 15, ["db"]],
    ["docker exec -it ", 16, ["web", "worker", "db"]],
    ["docker exec -it web ", 20, []],
    ["docker exec -it web -", 20, []],
    ["docker top web ", 15, []],
    ["docker rename web ", 18, []],
    ["docker port ", 12, ["web", "worker", "db"]],
    ["docker stats ", 13, ["web", "worker", "db"]],
    ["docker stats web ", 17, ["web", "worker", "db"]],
    ["docker cp ", 10, ["web:", "worker:", "db:"]],
    ["docker ps ", 10, []],
    // Images where IMAGE goes.
    ["docker run ", 11, ["busybox:latest", "alpine:3.20", "debian:12"]],
    ["docker run -it --rm b", 20, ["busybox:latest"]],
    ["docker run --name x a", 20, ["alpine:3.20"]],
    ["docker run busybox ", 19, []],
    ["docker create -e A=1 d", 21, ["debian:12"]],
    ["docker rmi ", 11, ["busybox:latest", "alpine:3.20", "debian:12"]],
    ["docker image rm -f busybox:latest a", 34, ["alpine:3.20"]],
    ["docker history d", 15, ["debian:12"]],
    ["docker tag busybox:latest b", 26, ["busybox:latest"]],
    ["docker pull al", 12, ["alpine:3.20"]],
    ["docker image inspect ", 21, ["busybox:latest", "alpine:3.20", "debian:12"]],
    // Either, for docker inspect.
    ["docker inspect d", 15, ["db", "debian:12"]],
    // Quoted words.
    ["docker stop 'w", 12, ["web", "worker"]],
  ])("%j", (typed, replaceFrom, candidates) => {
    expect(at(typed)).toEqual({ replaceFrom, candidates });
  });

  it("completes the word at the cursor, ignoring what follows", () => {
    expect(at("docker st| web")).toEqual({ replaceFrom: 7, candidates: ["start", "stats", "stop"] });
  });
});
