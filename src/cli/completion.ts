// Tab completion of a typed `docker` line, driven by the command tree: at the cursor it offers the
// verbs (and a management command's sub-verbs), the flags of the verb being typed, a few flags'
// fixed values, and container or image names where the verb's usage line puts CONTAINER or IMAGE.

import type { CommandSpec } from "./command-specs.ts";
import { findSubcommand, rootSpec } from "./command-tree.ts";
import type { FlagSpec } from "./flags.ts";

export interface CompletionNames {
  containers: string[];
  /** As repo:tag. */
  images: string[];
}

export interface Completion {
  /** Where in the line the word being completed starts; a candidate replaces line[replaceFrom, cursor). */
  replaceFrom: number;
  candidates: string[];
}

interface Word {
  text: string;
  start: number;
}

/** The values a flag takes, where Docker has a fixed list of them. */
const flagChoices: Record<string, string[]> = {
  pull: ["always", "missing", "never"],
  restart: ["no", "always", "on-failure", "unless-stopped"],
  type: ["container", "image"],
};

export function complete(line: string, cursor: number, names: CompletionNames): Completion {
  const words = splitWords(line.slice(0, cursor));
  const current = words.pop()!;
  const offer = (candidates: readonly string[], from = current.start, prefix = current.text): Completion => ({
    replaceFrom: from,
    candidates: [...new Set(candidates.filter((candidate) => candidate.startsWith(prefix)))],
  });

  if (words.length === 0) return offer(["docker"]);
  if (words[0].text !== "docker") return offer([]);

  let spec = rootSpec;
  let index = 1;
  while (spec.subcommands) {
    const word = words[index];
    if (word === undefined) return offer(subcommandNames(spec, current.text));
    const subcommand = findSubcommand(spec, word.text);
    if (!subcommand) return offer([]);
    spec = subcommand;
    index += 1;
  }
  return completeVerbArgument(spec, words.slice(index), current, names, offer);
}

function completeVerbArgument(
  spec: CommandSpec,
  words: readonly Word[],
  current: Word,
  names: CompletionNames,
  offer: (candidates: readonly string[], from?: number, prefix?: string) => Completion,
): Completion {
  const flagByName = new Map(spec.flags.map((flag) => [flag.name, flag]));
  const flagByShorthand = new Map(spec.flags.filter((flag) => flag.shorthand).map((flag) => [flag.shorthand!, flag]));
  const given = new Set<string>();
  let positionals = 0;
  let flagsEnded = false;
  let awaitingValue: FlagSpec | undefined;

  for (const { text } of words) {
    if (awaitingValue) {
      awaitingValue = undefined;
    } else if (!flagsEnded && text === "--") {
      flagsEnded = true;
    } else if (!flagsEnded && text.startsWith("--")) {
      const [name, value] = splitAssignment(text.slice(2));
      const flag = flagByName.get(name);
      if (flag) given.add(flag.name);
      if (flag && flag.kind !== "bool" && value === undefined) awaitingValue = flag;
    } else if (!flagsEnded && text.startsWith("-") && text.length > 1) {
      awaitingValue = shorthandAwaitingValue(text.slice(1), flagByShorthand, given);
    } else {
      positionals += 1;
      if (!spec.interspersed) flagsEnded = true;
    }
  }

  if (awaitingValue) return offer(flagChoices[awaitingValue.name] ?? []);
  if (!flagsEnded && current.text.startsWith("--") && current.text.includes("=")) {
    const [name, value = ""] = splitAssignment(current.text.slice(2));
    return offer(flagChoices[name] ?? [], current.start + name.length + 3, value);
  }
  if (!flagsEnded && current.text.startsWith("-")) return offer(flagCandidates(spec.flags, given, current.text));
  return offer(argumentCandidates(spec, positionals, names));
}

/** `-abc`: the flag whose value is the next word, if the group ends with one. */
function shorthandAwaitingValue(letters: string, flagByShorthand: Map<string, FlagSpec>, given: Set<string>): FlagSpec | undefined {
  for (const [index, letter] of [...letters].entries()) {
    const flag = flagByShorthand.get(letter);
    if (!flag) return undefined;
    given.add(flag.name);
    if (flag.kind !== "bool") return index === letters.length - 1 ? flag : undefined;
  }
  return undefined;
}

function splitAssignment(text: string): [string, string | undefined] {
  const equals = text.indexOf("=");
  return equals < 0 ? [text, undefined] : [text.slice(0, equals), text.slice(equals + 1)];
}

/** The verbs by name; their other names only when no name fits (as cobra offers aliases). */
function subcommandNames(spec: CommandSpec, prefix: string): string[] {
  const verbs = spec.subcommands ?? [];
  const byName = verbs.map((verb) => verb.name).filter((name) => name.startsWith(prefix));
  if (byName.length > 0) return byName;
  return verbs.flatMap((verb) => verb.alternateNames ?? []);
}

/** Long flags for "--…", short and long ones for "-"; flags given once are not offered again. */
function flagCandidates(flags: readonly FlagSpec[], given: Set<string>, prefix: string): string[] {
  const offered = flags.filter((flag) => !flag.deprecated && !flag.aliasFor && (flag.kind === "list" || !given.has(flag.name)));
  const long = offered.map((flag) => `--${flag.name}`);
  if (prefix.startsWith("--")) return long;
  return [...offered.filter((flag) => flag.shorthand).map((flag) => `-${flag.shorthand}`), ...long];
}

/** What the usage line puts at this argument: "docker stop [OPTIONS] CONTAINER [CONTAINER...]". */
function argumentCandidates(spec: CommandSpec, position: number, names: CompletionNames): string[] {
  const [usage] = spec.usage.split("\n");
  const slots = usage
    .slice(spec.path.length)
    .split(" ")
    .filter((slot) => slot !== "" && slot !== "[OPTIONS]");
  const last = slots.at(-1) ?? "";
  const slot = position < slots.length ? slots[position] : last.endsWith("...]") ? last : "";
  const name = slot.replace(/^\[/, "");
  if (name.startsWith("CONTAINER:")) return names.containers.map((container) => `${container}:`);
  if (name.startsWith("CONTAINER")) return names.containers;
  if (/^(?:IMAGE|NAME\[|SOURCE_IMAGE|TARGET_IMAGE|REPOSITORY)/.test(name)) return names.images;
  if (name.startsWith("NAME|ID")) return [...names.containers, ...names.images];
  return [];
}

/**
 * Words before the cursor with where each starts, the last one being the word at the cursor ("" when
 * the cursor follows a space); quotes group (and are dropped from) a word.
 */
function splitWords(text: string): Word[] {
  const words: Word[] = [];
  let word: Word | undefined;
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = undefined;
      else word!.text += char;
    } else if (char === " " || char === "\t") {
      if (word) words.push(word);
      word = undefined;
    } else {
      word ??= { text: "", start: index };
      if (char === "'" || char === '"') quote = char;
      else word.text += char;
    }
  }
  words.push(word ?? { text: "", start: text.length });
  return words;
}
