// `docker images` output: one row per repository:tag of each image (an untagged image shows as
// <none> <none>), as a table or as the quiet list of IDs; optionally only rows matching a
// REPOSITORY[:TAG] argument. With --digests each tag gets a row per digest of its repository.

import type { ImageSummary } from "../api/types.ts";
import { humanDuration } from "../api/human-duration.ts";
import { humanSizeWithPrecision } from "./human-size.ts";
import { familiarName, parseImageReference } from "./image-reference.ts";
import { shortId } from "./short-id.ts";
import { formatTable } from "./tab-writer.ts";

export interface ImageListFormat {
  /** The current time in milliseconds, for the CREATED column. */
  now: number;
  /** Only rows of this REPOSITORY[:TAG]. */
  reference?: string;
  digests: boolean;
  truncate: boolean;
}

interface ImageRow {
  repository: string;
  tag: string;
  digest: string;
  image: ImageSummary;
}

export function formatImageTable(images: readonly ImageSummary[], format: ImageListFormat): string {
  const header = ["REPOSITORY", "TAG", ...(format.digests ? ["DIGEST"] : []), "IMAGE ID", "CREATED", "SIZE"];
  const rows = imageRows(images, format).map(({ repository, tag, digest, image }) => [
    repository,
    tag,
    ...(format.digests ? [digest] : []),
    format.truncate ? shortId(image.Id) : image.Id,
    `${humanDuration(format.now - image.Created * 1000)} ago`,
    humanSizeWithPrecision(image.Size, 3),
  ]);
  return formatTable([header, ...rows]);
}

export function formatImageIds(images: readonly ImageSummary[], format: Omit<ImageListFormat, "now">): string {
  return imageRows(images, format)
    .map(({ image }) => `${format.truncate ? shortId(image.Id) : image.Id}\n`)
    .join("");
}

function imageRows(images: readonly ImageSummary[], format: Omit<ImageListFormat, "now">): ImageRow[] {
  const rows = images.flatMap((image) => rowsOfImage(image, format.digests));
  if (format.reference === undefined) return rows;
  const wanted = parseImageReference(format.reference);
  const repository = familiarName(wanted.name);
  return rows.filter((row) => row.repository === repository && (wanted.tag === undefined || row.tag === wanted.tag));
}

function rowsOfImage(image: ImageSummary, showDigests: boolean): ImageRow[] {
  const tagsByRepository = groupByRepository(image.RepoTags.filter((tag) => tag !== "<none>:<none>"), "tag");
  const digestsByRepository = groupByRepository(
    image.RepoDigests.filter((digest) => digest !== "<none>@<none>"),
    "digest",
  );
  if (tagsByRepository.size === 0 && digestsByRepository.size === 0) {
    return [{ repository: "<none>", tag: "<none>", digest: "<none>", image }];
  }

  const rows: ImageRow[] = [];
  for (const [repository, tags] of tagsByRepository) {
    const digests = showDigests ? (digestsByRepository.get(repository) ?? []) : [];
    digestsByRepository.delete(repository);
    for (const tag of tags) {
      if (digests.length === 0) rows.push({ repository, tag, digest: "<none>", image });
      for (const digest of digests) rows.push({ repository, tag, digest, image });
    }
  }
  // A repository known only by digest still gets a row, without a tag.
  for (const [repository, digests] of digestsByRepository) {
    if (!showDigests) rows.push({ repository, tag: "<none>", digest: "", image });
    else for (const digest of digests) rows.push({ repository, tag: "<none>", digest, image });
  }
  return rows;
}

/** The tags (or digests) of references, by familiar repository name in order of appearance. */
function groupByRepository(references: readonly string[], part: "tag" | "digest"): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const reference of references) {
    const parsed = parseImageReference(reference);
    const value = parsed[part];
    if (value === undefined) continue;
    const repository = familiarName(parsed.name);
    groups.set(repository, [...(groups.get(repository) ?? []), value]);
  }
  return groups;
}
