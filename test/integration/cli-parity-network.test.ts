// The page's docker CLI beside the real one (28.2.2) on the networking options it checks itself:
// bad -p/--expose/--network/--add-host/--dns/--dns-search values of `docker run` and `docker create`, and
// `docker network` verbs' own checks. The real CLI refuses these before it reaches a daemon, so it
// runs against a socket that does not exist; both must print the same and exit the same.

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitShellWords } from "../../src/cli/shell-words.ts";
import { runLine } from "../../src/cli/testing/fake-command-context.ts";
import { docker } from "./daemon-process.ts";

const refusedBeforeTheDaemon = [
  "run -p abc busybox",
  "run -p '[::1:80:80' busybox",
  "run -p '[::1]x:80:80' busybox",
  "run -p 1.2.3:80:80 busybox",
  "run -p 8080:80-81 busybox",
  "run -p 70000:80 busybox",
  "run -p 8000-7000:80 busybox",
  "run -p 80-:80 busybox",
  "run -p 80/xyz busybox",
  "run -p /tcp busybox",
  "run -p 80: busybox",
  "run -p published=8080,bogus busybox",
  "run --expose 80:80 busybox",
  "run --expose abc busybox",
  "run --expose 90-80 busybox",
  "run --expose 70000 busybox",
  "run --network alias=x,name=a,foo=b busybox",
  "run --net alias=x busybox",
  "run --network name=a,gw-priority=x busybox",
  "run --network name=a,driver-opt=x busybox",
  `run --network 'a"b=c' busybox`,
  "run --network app --network app busybox",
  "run --network app --network bridge busybox",
  "run --network-alias x busybox",
  "run --network bridge --network-alias x busybox",
  "run --network name=app,alias=a --network-alias b busybox",
  "run --network name=app,ip=1.2.3.4 --ip 1.2.3.5 busybox",
  "run --network= busybox",
  "run --network name=a,mac-address=zz busybox",
  "run --add-host foo busybox",
  "run --add-host foo:bar busybox",
  "run --add-host :1.2.3.4 busybox",
  "run --dns 1.2.3 busybox",
  "run --dns-search bad_domain busybox",
  "run --dns-search 123 busybox",
  "run --dns-search x-.com busybox",
  "create --dns-search 'a..b' busybox",
  "run --dns-opt ndots:1 --dns-search '' busybox",
  "run --pull sometimes -p abc busybox",
  "run -p abc --rm --restart always busybox",
  "create -p abc busybox",
  "create --network-alias x busybox",
  "network create --ip-range 10.0.0.0/24 x",
  "network create --subnet 10.0.0.0/16 --gateway 10.0.0.1,10.0.0.2 x",
  "network create --subnet 10.0.0.0/16 --subnet 10.0.1.0/24 x",
  "network create --subnet 10.0.0.0/16 --gateway 10.1.0.1 x",
  "network create --subnet 10.0.0.0/16 --ip-range foo x",
  "network create --subnet foo --subnet 10.0.0.0/8 x",
  "network create --subnet 10.0.0.0/16 --subnet 10.1.0.0/16 --ip-range 10.0.1.0/24 --ip-range 10.0.2.0/24 x",
  "network create --subnet 10.0.0.0/16 --subnet 10.1.0.0/16 --gateway 10.0.0.1 --gateway 10.0.0.2 x",
  "network create --subnet 10.0.0.0/16 --aux-address a=11.0.0.1 x",
  "network create --subnet '\"a' x",
  "network create --label =x x",
  "network create",
  "network create a b",
  "network connect --driver-opt x app web",
  "network connect app",
  "network disconnect app",
  "network rm",
  "network inspect",
  "network ls x",
  "network prune x",
  "network ls --filter nope",
  "network frob",
];

let config: string;

beforeAll(async () => {
  config = await mkdtemp(join(tmpdir(), "berth-cli-parity-"));
});

afterAll(async () => {
  await rm(config, { recursive: true, force: true });
});

describe("the page's docker CLI and the real one refuse the same networking options alike", () => {
  it.each(refusedBeforeTheDaemon)("docker %s", async (line) => {
    const real = await docker(`unix://${join(config, "no-daemon.sock")}`, splitShellWords(line), { env: { DOCKER_CONFIG: config }, timeoutMs: 20_000 });
    expect(real.stderr).not.toContain("Cannot connect to the Docker daemon");
    expect(await runLine(`docker ${line}`)).toEqual(real);
  });
});
