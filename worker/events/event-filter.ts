// Which events a client's filters let through, as Docker's events.Filter decides. Each filter name
// narrows the stream; several values of one name widen it again (any of them may match):
//   type, scope: exactly;  event: exactly, or by prefix when a value is exec_create, exec_start or
//   health_status (their actions carry the command);  container (and every other object type): the
//   actor's id or name, by prefix;  image: the image's id or name, or a container's image, each also
//   without its tag;  label: "key" or "key=value" among the actor's attributes, all of them.

import type { EventMessage } from "../../src/api/event-types.ts";
import { familiarName, parseImageReference } from "../images/reference.ts";
import { labelsMatch } from "./filter-matching.ts";

export type EventFilters = Record<string, string[]>;

/** Object types whose filter matches an actor by id or name. */
const namedTypes = ["daemon", "container", "plugin", "volume", "network", "node", "service", "secret", "config"];
const commandActions = new Set(["exec_create", "exec_start", "health_status"]);

export function eventFilter(filters: EventFilters): (event: EventMessage) => boolean {
  const values = (name: string) => filters[name] ?? [];
  const exact = (name: string, ...candidates: string[]) => values(name).length === 0 || candidates.some((candidate) => values(name).includes(candidate));
  const fuzzy = (name: string, ...candidates: string[]) =>
    values(name).length === 0 || candidates.some((candidate) => values(name).some((value) => candidate.startsWith(value)));
  const actionsByPrefix = values("event").some((value) => commandActions.has(value));

  return (event) => {
    const { ID: id, Attributes: attributes } = event.Actor;
    const name = attributes.name ?? "";
    const imageName = (event.Type === "image" ? attributes.name : attributes.image) ?? "";
    return (
      (actionsByPrefix ? fuzzy("event", event.Action) : exact("event", event.Action)) &&
      exact("type", event.Type) &&
      exact("scope", event.scope) &&
      namedTypes.every((type) => fuzzy(type, id, name)) &&
      exact("image", id, imageName, withoutTag(id), withoutTag(imageName)) &&
      labelsMatch(values("label"), attributes)
    );
  };
}

/** The repository an image reference names ("busybox" for "busybox:1.36"); other text as it is. */
function withoutTag(image: string): string {
  try {
    return familiarName(parseImageReference(image));
  } catch {
    return image;
  }
}
