// `docker images` output: one row per repository:tag of each image (an untagged image shows as
// <none> <none>), as a table or as the quiet list of IDs; optionally only rows matching a
// REPOSITORY[:TAG] argument.

import type { ImageSummary } from "../api/types.ts";
import { humanDuration } from "../api/human-duration.ts";
import { humanSizeWithPrecision } from "./human-size.ts";
import { familiarName, parseImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";
import { formatTable } from "./tab-writer.ts";

interface ImageRow {
  repository: string;
  tag: string;
  image: ImageSummary;
}

const header = ["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"];

export function formatImageTable(images: readonly ImageSummary[], now: number, reference?: string): string {
  const rows = imageRows(images, reference).map(({ repository, tag, image }) => [
    repository,
    tag,
    shortId(image.Id),
    `${humanDuration(now - image.Created * 1000)} ago`,
    humanSizeWithPrecision(image.Size, 3),
  ]);
  return formatTable([header, ...rows]);
}

export function formatImageIds(images: readonly ImageSummary[], reference?: string): string {
  return imageRows(images, reference)
    .map(({ image }) => `${shortId(image.Id)}\n`)
    .join("");
}

function imageRows(images: readonly ImageSummary[], reference: string | undefined): ImageRow[] {
  const rows = images.flatMap(rowsOfImage);
  if (reference === undefined) return rows;
  const wanted = parseImageReference(reference);
  const repository = familiarName(wanted.name);
  return rows.filter((row) => row.repository === repository && (wanted.tag === undefined || row.tag === wanted.tag));
}

function rowsOfImage(image: ImageSummary): ImageRow[] {
  const tagged = image.RepoTags.filter((tag) => tag !== "<none>:<none>").map(parseImageReference);
  const digested = image.RepoDigests.filter((digest) => digest !== "<none>@<none>").map(parseImageReference);
  if (tagged.length === 0 && digested.length === 0) return [{ repository: "<none>", tag: "<none>", image }];

  const rows = tagged.map(({ name, tag }) => ({ repository: familiarName(name), tag: tag ?? "<none>", image }));
  // A repository known only by digest still gets a row, without a tag.
  for (const { name } of digested) {
    const repository = familiarName(name);
    if (!rows.some((row) => row.repository === repository)) rows.push({ repository, tag: "<none>", image });
  }
  return rows;
}
