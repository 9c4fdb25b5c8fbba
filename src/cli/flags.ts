// A declarative flag parser with the semantics of spf13/pflag, which the docker CLI uses:
// `--name value`, `--name=value`, `-n value`, `-nvalue`, `-n=value`, grouped short booleans
// (`-it`), `--flag=false` for booleans, repeated list flags, `--` ending the flags, and pflag's
// error messages. Every command also accepts `--help`, and `-h` when it is not taken.

import { goQuote } from "./go-quote.ts";

export type FlagKind = "bool" | "string" | "int" | "list";

export interface FlagSpec {
  name: string;
  shorthand?: string;
  kind: FlagKind;
  /** The value's type as help shows it, when not the kind's name: "filter", "bytes", "decimal". */
  typeName?: string;
  /** May span lines; help indents the lines after the first. */
  description: string;
  /** The value when the flag is not given ("true" for a boolean that defaults on). */
  defaultValue?: string;
  /** Why the flag is deprecated ("use --timeout instead"): help hides it, and using it warns. */
  deprecated?: string;
  /** The flag this one is another name for (pflag flags bound to one variable: --net sets --network); help hides it. */
  aliasFor?: string;
  /** Checks a value as it is set; returns why it is invalid, if it is. */
  validate?: (value: string) => string | undefined;
}

export interface FlagValues {
  bool(name: string): boolean;
  /** The flag's default (undefined if none) when it was not given; "" when given an empty value. */
  string(name: string): string | undefined;
  /** An int flag's value, or its default. */
  int(name: string): number | undefined;
  list(name: string): string[];
  /** Whether the flag was given at all (pflag's Changed). */
  changed(name: string): boolean;
}

export type FlagParseResult =
  | { kind: "parsed"; flags: FlagValues; positionals: string[]; warnings: string[] }
  | { kind: "help" }
  | { kind: "error"; message: string };

export interface FlagParseOptions {
  /** false: the first positional argument ends the flags (as for `docker run IMAGE CMD...`). */
  interspersed: boolean;
}

const helpFlag: FlagSpec = { name: "help", kind: "bool", description: "Print usage" };

export function parseFlags(
  specs: readonly FlagSpec[],
  args: readonly string[],
  options: FlagParseOptions,
): FlagParseResult {
  try {
    return new FlagParser([...specs, helpFlag]).parse(args, options.interspersed);
  } catch (error) {
    if (error instanceof HelpRequested) return { kind: "help" };
    if (error instanceof FlagError) return { kind: "error", message: error.message };
    throw error;
  }
}

class FlagError extends Error {}
class HelpRequested extends Error {}

class FlagParser {
  readonly #byName = new Map<string, FlagSpec>();
  readonly #byShorthand = new Map<string, FlagSpec>();
  readonly #values = new Map<string, boolean | string | string[]>();
  readonly #warnings: string[] = [];

  constructor(specs: FlagSpec[]) {
    for (const spec of specs) {
      this.#byName.set(spec.name, spec);
      if (spec.shorthand) this.#byShorthand.set(spec.shorthand, spec);
    }
  }

  parse(args: readonly string[], interspersed: boolean): FlagParseResult {
    const positionals: string[] = [];
    const queue = [...args];
    while (queue.length > 0) {
      const arg = queue.shift()!;
      if (arg === "--") {
        positionals.push(...queue);
        break;
      }
      if (!arg.startsWith("-") || arg === "-") {
        positionals.push(arg);
        if (!interspersed) {
          positionals.push(...queue);
          break;
        }
        continue;
      }
      if (arg.startsWith("--")) this.#parseLong(arg, queue);
      else this.#parseShorthands(arg, queue);
    }
    if (this.#values.get("help") === true) return { kind: "help" };
    return { kind: "parsed", flags: this.#flagValues(), positionals, warnings: this.#warnings };
  }

  #parseLong(arg: string, queue: string[]): void {
    const body = arg.slice(2);
    if (body.startsWith("-") || body.startsWith("=")) throw new FlagError(`bad flag syntax: ${arg}`);
    const equals = body.indexOf("=");
    const name = equals < 0 ? body : body.slice(0, equals);
    const spec = this.#byName.get(name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);

    if (equals >= 0) this.#set(spec, body.slice(equals + 1));
    else if (spec.kind === "bool") this.#set(spec, "true");
    else if (queue.length > 0) this.#set(spec, queue.shift()!);
    else throw new FlagError(`flag needs an argument: ${arg}`);
  }

  /** `-abc`: each letter is a flag until one that takes a value, which takes the rest. */
  #parseShorthands(arg: string, queue: string[]): void {
    let shorthands = arg.slice(1);
    while (shorthands.length > 0) {
      const letter = shorthands[0];
      const spec = this.#byShorthand.get(letter);
      if (!spec) {
        if (letter === "h") throw new HelpRequested();
        throw new FlagError(`unknown shorthand flag: ${goQuoteChar(letter)} in -${shorthands}`);
      }
      if (shorthands.length > 2 && shorthands[1] === "=") {
        this.#set(spec, shorthands.slice(2));
        return;
      }
      if (spec.kind === "bool") {
        this.#set(spec, "true");
        shorthands = shorthands.slice(1);
      } else if (shorthands.length > 1) {
        this.#set(spec, shorthands.slice(1));
        return;
      } else if (queue.length > 0) {
        this.#set(spec, queue.shift()!);
        return;
      } else {
        throw new FlagError(`flag needs an argument: ${goQuoteChar(letter)} in -${shorthands}`);
      }
    }
  }

  #set(spec: FlagSpec, value: string): void {
    const invalid = spec.kind === "bool" ? boolSyntaxError(value) : spec.kind === "int" ? (intSyntaxError(value) ?? spec.validate?.(value)) : spec.validate?.(value);
    if (invalid !== undefined) {
      const flagName = spec.shorthand ? `-${spec.shorthand}, --${spec.name}` : `--${spec.name}`;
      throw new FlagError(`invalid argument ${goQuote(value)} for ${goQuote(flagName)} flag: ${invalid}`);
    }
    if (spec.deprecated) this.#warnings.push(`Flag --${spec.name} has been deprecated, ${spec.deprecated}`);
    const name = spec.aliasFor ?? spec.name;
    if (spec.kind === "bool") this.#values.set(name, trueWords.has(value));
    else if (spec.kind === "string" || spec.kind === "int") this.#values.set(name, value);
    else this.#values.set(name, [...this.#list(name), value]);
  }

  #list(name: string): string[] {
    const value = this.#values.get(name);
    return Array.isArray(value) ? value : [];
  }

  #flagValues(): FlagValues {
    const values = this.#values;
    const fallback = (name: string) => this.#byName.get(name)?.defaultValue;
    return {
      bool: (name) => {
        const value = values.get(name);
        return typeof value === "boolean" ? value : fallback(name) === "true";
      },
      string: (name) => {
        const value = values.get(name);
        return typeof value === "string" ? value : fallback(name);
      },
      int: (name) => {
        const value = values.get(name);
        const text = typeof value === "string" ? value : fallback(name);
        return text === undefined ? undefined : parseGoInt(text);
      },
      list: (name) => this.#list(name),
      changed: (name) => values.has(name),
    };
  }
}

// strconv.ParseBool's accepted spellings.
const trueWords = new Set(["1", "t", "T", "TRUE", "true", "True"]);
const falseWords = new Set(["0", "f", "F", "FALSE", "false", "False"]);

function boolSyntaxError(value: string): string | undefined {
  if (trueWords.has(value) || falseWords.has(value)) return undefined;
  return `strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`;
}

/** strconv.ParseInt(value, 0, 64)'s syntax: decimal, or 0x/0o/0b prefixed, with an optional sign. */
const goIntPattern = /^[+-]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;

function intSyntaxError(value: string): string | undefined {
  if (!goIntPattern.test(value)) return `strconv.ParseInt: parsing ${goQuote(value)}: invalid syntax`;
  const parsed = parseGoInt(value);
  return Number.isSafeInteger(parsed) ? undefined : `strconv.ParseInt: parsing ${goQuote(value)}: value out of range`;
}

function parseGoInt(text: string): number {
  const negative = text.startsWith("-");
  const digits = text.replace(/^[+-]/, "");
  const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
  const magnitude = Number(octal);
  return negative ? -magnitude : magnitude;
}

/** Go's %q for a single character: 'x'. */
function goQuoteChar(char: string): string {
  return char === "'" ? "'\\''" : `'${char}'`;
}
