// Pushes every fixture image, with every tag of its layout, to a registry through berth's own push
// code, under the fixture's repository path ("debian:bookworm", "hostile/symlink:split", …).

import { nodeFileReader } from "../../worker/images/node-file-reader.ts";
import type { Descriptor } from "../../worker/images/oci-types.ts";
import { pushLayout } from "../../worker/remotes/registry-push.ts";
import type { FixtureSet } from "../fixtures/build-fixtures.ts";

/** What each "repository:tag" now points at. */
export type PushedFixtures = Map<string, Descriptor>;

export async function pushFixtures(registryUrl: string, fixtures: FixtureSet): Promise<PushedFixtures> {
  const pushed: PushedFixtures = new Map();
  for (const image of Object.values(fixtures.images)) {
    const layout = nodeFileReader(image.layout);
    for (const tag of image.tags) {
      pushed.set(`${image.repository}:${tag}`, await pushLayout({ registry: registryUrl, repository: image.repository, tag, layout }));
    }
  }
  return pushed;
}
