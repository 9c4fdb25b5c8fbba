// A Dockerfile as the classic builder plans it: the ARGs before the first FROM, then stages, each a
// FROM and its instructions, typed but not yet expanded (variables are substituted when a step
// runs, with the ENV and build args of that moment). Errors name the file, the line and the
// instruction, as Docker's "dockerfile parse error on line N: …", and nothing runs.

import { EngineError } from "../../src/api/errors.ts";
import { readDockerfile, type HeredocBody, type RawInstruction } from "./dockerfile-syntax.ts";
import { splitWords } from "./shell-lexer.ts";

/** Exec form (a JSON array) or shell form (one string for the SHELL). */
export type CommandLine = { exec: string[] } | { shell: string };

export interface KeyValue {
  key: string;
  /** Undefined for an ARG without a default. */
  value?: string;
}

export interface HealthcheckOptions {
  /** ["NONE"], or ["CMD", …] / ["CMD-SHELL", command]. */
  test: string[];
  /** Nanoseconds, 0 when not given. */
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export type Command =
  | { kind: "ENV" | "LABEL"; pairs: KeyValue[]; /** Not expanded (--label). */ literal?: boolean }
  | { kind: "ARG"; pairs: KeyValue[] }
  | { kind: "RUN"; command: CommandLine; heredocs: HeredocBody[] }
  | { kind: "CMD" | "ENTRYPOINT"; command: CommandLine }
  | { kind: "COPY" | "ADD"; sources: string[]; dest: string; from?: string; chown?: string; chmod?: string; heredocs: HeredocBody[] }
  | { kind: "WORKDIR" | "USER" | "STOPSIGNAL" | "MAINTAINER"; value: string }
  | { kind: "EXPOSE"; ports: string[] }
  | { kind: "VOLUME"; paths: string[] }
  | { kind: "SHELL"; shell: string[] }
  | { kind: "HEALTHCHECK"; health: HealthcheckOptions }
  | { kind: "ONBUILD"; expression: string };

/** A command with where it came from. */
export type Step = Command & { line: number; original: string };

export interface Stage {
  /** The FROM's image (unexpanded: it may use the ARGs before FROM). */
  base: string;
  /** Lower case, as Docker compares stage names. */
  name?: string;
  line: number;
  original: string;
  steps: Step[];
}

export interface DockerfilePlan {
  escape: string;
  /** The ARGs before the first FROM. */
  metaArgs: (Step & { kind: "ARG" })[];
  stages: Stage[];
}

const allowedFlags: Record<string, readonly string[]> = {
  FROM: ["platform"],
  COPY: ["from", "chown", "chmod"],
  ADD: ["chown", "chmod"],
  HEALTHCHECK: ["interval", "timeout", "start-period", "start-interval", "retries"],
};

const BUILDKIT_FLAGS = new Set(["mount", "network", "security", "link", "parents", "exclude", "checksum", "keep-git-dir", "device"]);

class ParseError extends Error {}

/** Parses `text` (the Dockerfile named `file` in the context) into its plan. */
export function planDockerfile(text: string, file: string): DockerfilePlan {
  const { escape, instructions } = readDockerfile(text);
  const plan: DockerfilePlan = { escape, metaArgs: [], stages: [] };
  for (const raw of instructions) {
    try {
      if (raw.keyword === "FROM") {
        plan.stages.push(parseFrom(raw));
        continue;
      }
      const step: Step = { ...parseCommand(raw, escape), line: raw.line, original: raw.original };
      const stage = plan.stages.at(-1);
      if (stage) stage.steps.push(step);
      else if (step.kind === "ARG") plan.metaArgs.push(step);
      else throw new ParseError("no build stage in current context");
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      throw new EngineError("invalid", `dockerfile parse error on line ${raw.line} of ${file} (${raw.keyword}): ${error.message}`);
    }
  }
  if (plan.stages.length === 0) throw new EngineError("invalid", `the Dockerfile (${file}) cannot be empty`);
  return plan;
}

function parseFrom(raw: RawInstruction): Stage {
  checkFlags(raw);
  const words = raw.args.split(/\s+/).filter(Boolean);
  if (words.length !== 1 && !(words.length === 3 && words[1]!.toLowerCase() === "as")) {
    throw new ParseError("FROM requires either one or three arguments");
  }
  const name = words[2];
  if (name !== undefined && !/^[a-z][a-z0-9-_.]*$/i.test(name)) {
    throw new ParseError(`invalid name for build stage: ${JSON.stringify(name)}, name can't start with a number or contain symbols`);
  }
  return { base: words[0]!, name: name?.toLowerCase(), line: raw.line, original: raw.original, steps: [] };
}

function parseCommand(raw: RawInstruction, escape: string): Command {
  checkFlags(raw);
  const { keyword, args } = raw;
  switch (keyword) {
    case "ENV":
    case "LABEL":
      return { kind: keyword, pairs: nameValues(keyword, args, escape) };
    case "ARG":
      return { kind: keyword, pairs: argPairs(args, escape) };
    case "RUN":
      requireArguments(raw);
      return { kind: keyword, command: commandLine(args), heredocs: raw.heredocs };
    case "CMD":
    case "ENTRYPOINT":
      return { kind: keyword, command: commandLine(args) };
    case "COPY":
    case "ADD":
      return copyCommand(raw);
    case "WORKDIR":
    case "USER":
    case "STOPSIGNAL":
    case "MAINTAINER":
      requireArguments(raw);
      return { kind: keyword, value: args };
    case "EXPOSE":
      requireArguments(raw);
      return { kind: keyword, ports: args.split(/\s+/) };
    case "VOLUME": {
      requireArguments(raw);
      const paths = jsonList(args) ?? args.split(/\s+/);
      if (paths.some((path) => path.trim() === "")) throw new ParseError("VOLUME specified can not be an empty string");
      return { kind: keyword, paths };
    }
    case "SHELL": {
      const shell = jsonList(args);
      if (!shell) throw new ParseError("SHELL requires the arguments to be in JSON form");
      if (shell.length === 0) throw new ParseError("SHELL requires at least one argument");
      return { kind: keyword, shell };
    }
    case "HEALTHCHECK":
      return { kind: keyword, health: healthcheck(raw) };
    case "ONBUILD":
      return { kind: keyword, expression: onbuildTrigger(raw, escape) };
    default:
      throw new ParseError(`unknown instruction: ${raw.keyword}`);
  }
}

function checkFlags(raw: RawInstruction): void {
  const allowed = allowedFlags[raw.keyword] ?? [];
  for (const [name, value] of raw.flags) {
    if (BUILDKIT_FLAGS.has(name)) throw new ParseError(`the --${name} option requires BuildKit, which berth's builder is not`);
    if (!allowed.includes(name)) throw new ParseError(`Unknown flag: ${name}`);
    if (value === undefined) throw new ParseError(`Missing a value on flag: ${name}`);
  }
}

function requireArguments(raw: RawInstruction): void {
  if (raw.args === "" && raw.heredocs.length === 0) throw new ParseError(`${raw.keyword} requires at least one argument`);
}

/** ENV and LABEL: `key=value …`, or the legacy `key value with spaces`. */
function nameValues(keyword: string, args: string, escape: string): KeyValue[] {
  const words = splitWords(args, escape);
  if (words.length === 0) throw new ParseError(`${keyword} requires at least one argument`);
  if (!words[0]!.includes("=")) {
    const [key = "", value] = args.split(/\s+(.*)/s);
    if (value === undefined) throw new ParseError(`${keyword} must have two arguments`);
    return [{ key, value }];
  }
  return words.map((word) => {
    const equals = word.indexOf("=");
    if (equals === -1) throw new ParseError(`Syntax error - can't find = in ${JSON.stringify(word)}. Must be of the form: name=value`);
    if (equals === 0) throw new ParseError(`${keyword} names can not be blank`);
    return { key: word.slice(0, equals), value: word.slice(equals + 1) };
  });
}

function argPairs(args: string, escape: string): KeyValue[] {
  const words = splitWords(args, escape);
  if (words.length === 0) throw new ParseError("ARG requires at least one argument");
  return words.map((word) => {
    const equals = word.indexOf("=");
    if (equals === 0) throw new ParseError("ARG names can not be blank");
    return equals === -1 ? { key: word } : { key: word.slice(0, equals), value: word.slice(equals + 1) };
  });
}

/** A JSON array of strings, or undefined when the text is not one (then it is shell form). */
function jsonList(text: string): string[] | undefined {
  if (!text.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) return parsed;
  } catch {
    // not JSON: shell form
  }
  return undefined;
}

function commandLine(args: string): CommandLine {
  const exec = jsonList(args);
  return exec ? { exec } : { shell: args };
}

function copyCommand(raw: RawInstruction): Command {
  const words = jsonList(raw.args) ?? raw.args.split(/\s+/).filter(Boolean);
  if (words.length < 2) {
    if (words.length === 0) throw new ParseError(`${raw.keyword} requires at least two arguments`);
    throw new ParseError(`${raw.keyword} requires at least two arguments, but only one was provided. Destination could not be determined`);
  }
  const dest = words.at(-1)!;
  if (raw.heredocs.some((heredoc) => dest === `<<${heredoc.name}` || dest.startsWith("<<"))) {
    throw new ParseError(`${raw.keyword} cannot accept a heredoc as destination`);
  }
  // A here-document source is written `<<NAME` whatever its quotes or `-`.
  const heredocSource = (word: string) => word.replace(/^<<-?(["']?)([^"']+)\1$/, "<<$2");
  return {
    kind: raw.keyword as "COPY" | "ADD",
    sources: words.slice(0, -1).map((word) => (word.startsWith("<<") ? heredocSource(word) : word)),
    dest,
    from: raw.flags.get("from"),
    chown: raw.flags.get("chown"),
    chmod: raw.flags.get("chmod"),
    heredocs: raw.heredocs,
  };
}

const durationUnits: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration, in nanoseconds. */
function parseDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return Math.round(parts.reduce((total, [, amount, unit]) => total + Number(amount) * durationUnits[unit!]!, 0));
}

function healthcheck(raw: RawInstruction): HealthcheckOptions {
  const [type = "", rest = ""] = raw.args.split(/\s+(.*)/s);
  const kind = type.toUpperCase();
  if (kind === "NONE") {
    if (rest.trim() !== "" || raw.flags.size > 0) throw new ParseError("HEALTHCHECK NONE takes no arguments");
    return { test: ["NONE"], interval: 0, timeout: 0, startPeriod: 0, startInterval: 0, retries: 0 };
  }
  if (kind !== "CMD") throw new ParseError(`Unknown type ${JSON.stringify(type)} in HEALTHCHECK (try CMD)`);
  if (rest.trim() === "") throw new ParseError("Missing command after HEALTHCHECK CMD");
  const line = commandLine(rest.trim());
  const duration = (flag: string) => {
    const text = raw.flags.get(flag);
    if (text === undefined || text === "") return 0;
    const value = parseDuration(text);
    if (value === undefined) throw new ParseError(`time: invalid duration ${JSON.stringify(text)}`);
    if (value !== 0 && value < 1e6) throw new ParseError(`Interval ${JSON.stringify(flag)} cannot be less than 1ms`);
    return value;
  };
  const retriesText = raw.flags.get("retries") ?? "0";
  const retries = Number(retriesText);
  if (!Number.isInteger(retries)) throw new ParseError(`strconv.ParseInt: parsing ${JSON.stringify(retriesText)}: invalid syntax`);
  if (retries < 0) throw new ParseError(`--retries cannot be negative (${retries})`);
  return {
    test: "exec" in line ? ["CMD", ...line.exec] : ["CMD-SHELL", line.shell],
    interval: duration("interval"),
    timeout: duration("timeout"),
    startPeriod: duration("start-period"),
    startInterval: duration("start-interval"),
    retries,
  };
}

function onbuildTrigger(raw: RawInstruction, escape: string): string {
  const trigger = raw.args.trim();
  const keyword = trigger.split(/\s/, 1)[0]!.toUpperCase();
  if (keyword === "") throw new ParseError("ONBUILD requires at least one argument");
  if (keyword === "ONBUILD") throw new ParseError("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
  if (keyword === "FROM" || keyword === "MAINTAINER") throw new ParseError(`${keyword} isn't allowed as an ONBUILD trigger`);
  // The trigger must itself be a valid instruction.
  parseCommand(readDockerfile(trigger).instructions[0]!, escape);
  return trigger;
}

/** Parses one instruction of an ONBUILD trigger, as the build that uses the image runs it. */
export function planTrigger(trigger: string, escape: string): Step {
  const raw = readDockerfile(trigger).instructions[0];
  if (!raw) throw new EngineError("invalid", "onbuild trigger should be a single expression");
  try {
    return { ...parseCommand(raw, escape), line: raw.line, original: raw.original };
  } catch (error) {
    if (error instanceof ParseError) throw new EngineError("invalid", `ONBUILD trigger ${JSON.stringify(trigger)}: ${error.message}`);
    throw error;
  }
}
