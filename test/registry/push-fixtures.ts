// Pushes the fixture images, with every tag of their layouts, to a registry through berth's own push
// code, under the fixture's repository path ("debian:bookworm", "hostile/symlink:split", …): all of
// them, or only the repositories named.

import { nodeFileReader } from "../../worker/images/node-file-reader.ts";
import type { Descriptor } from "../../worker/images/oci-types.ts";
import { pushLayout } from "../../worker/remotes/registry-push.ts";
import type { FixtureSet } from "../fixtures/build-fixtures.ts";
import type { FixtureRepository } from "../fixtures/fixture-images.ts";

/** What each "repository:tag" now points at. */
export type PushedFixtures = Map<string, Descriptor>;

export async function pushFixtures(registryUrl: string, fixtures: FixtureSet, only?: readonly FixtureRepository[]): Promise<PushedFixtures> {
  const pushed: PushedFixtures = new Map();
  const images = only ? only.map((repository) => fixtures.images[repository]) : Object.values(fixtures.images);
  for (const image of images) {
    const layout = nodeFileReader(image.layout);
    for (const tag of image.tags) {
      pushed.set(`${image.repository}:${tag}`, await pushLayout({ registry: registryUrl, repository: image.repository, tag, layout }));
    }
  }
  return pushed;
}
