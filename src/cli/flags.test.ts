import { describe, expect, it } from "vitest";
import { parseFlags, type FlagSpec } from "./flags.ts";

const specs: FlagSpec[] = [
  { name: "all", shorthand: "a", kind: "bool", description: "" },
  { name: "tty", shorthand: "t", kind: "bool", description: "" },
  { name: "name", kind: "string", description: "" },
  { name: "user", shorthand: "u", kind: "string", description: "" },
  {
    name: "env",
    shorthand: "e",
    kind: "list",
    description: "",
    validate: (value) => (value.startsWith("=") ? `invalid environment variable: ${value}` : undefined),
  },
];

interface Parsed {
  all: boolean;
  tty: boolean;
  name: string | undefined;
  user: string | undefined;
  env: string[];
  positionals: string[];
}

function parse(args: string[], interspersed = true): Parsed | string {
  const result = parseFlags(specs, args, { interspersed });
  if (result.kind === "help") return "help";
  if (result.kind === "error") return `error: ${result.message}`;
  const { flags, positionals } = result;
  return {
    all: flags.bool("all"),
    tty: flags.bool("tty"),
    name: flags.string("name"),
    user: flags.string("user"),
    env: flags.list("env"),
    positionals,
  };
}

const none: Parsed = { all: false, tty: false, name: undefined, user: undefined, env: [], positionals: [] };

describe("parseFlags", () => {
  it.each<[string[], Partial<Parsed>]>([
    [[], {}],
    [["--all"], { all: true }],
    [["-a"], { all: true }],
    [["--all=false"], { all: false }],
    [["--all=true", "--all=0"], { all: false }],
    [["--all=T"], { all: true }],
    [["-a=false"], { all: false }],
    [["-at"], { all: true, tty: true }],
    [["-ta=false"], { tty: true, all: false }],
    [["--all", "false"], { all: true, positionals: ["false"] }],
    [["--name", "web"], { name: "web" }],
    [["--name=web"], { name: "web" }],
    [["--name="], { name: "" }],
    [["--name", ""], { name: "" }],
    [["--name", "--all"], { name: "--all" }],
    [["--name=a=b"], { name: "a=b" }],
    [["--name", "first", "--name", "second"], { name: "second" }],
    [["-u", "1000:1000"], { user: "1000:1000" }],
    [["-u1000"], { user: "1000" }],
    [["-u=1000"], { user: "1000" }],
    [["-au", "root"], { all: true, user: "root" }],
    [["-auroot"], { all: true, user: "root" }],
    [["-e", "A=1", "-e", "B=2"], { env: ["A=1", "B=2"] }],
    [["--env", "A=1", "--env=B=2", "-eC=3", "-e=D=4"], { env: ["A=1", "B=2", "C=3", "D=4"] }],
    [["-e", "A"], { env: ["A"] }],
    [["x", "-a", "y"], { all: true, positionals: ["x", "y"] }],
    [["-", "-a"], { all: true, positionals: ["-"] }],
    [["-a", "--", "-t", "--name"], { all: true, positionals: ["-t", "--name"] }],
  ])("interspersed %j", (args, expected) => {
    expect(parse(args)).toEqual({ ...none, ...expected });
  });

  it.each<[string[], Partial<Parsed>]>([
    [["-a", "image", "-t", "--name", "x"], { all: true, positionals: ["image", "-t", "--name", "x"] }],
    [["image", "--", "x"], { positionals: ["image", "--", "x"] }],
    [["--", "image", "-a"], { positionals: ["image", "-a"] }],
    [["image", "--help"], { positionals: ["image", "--help"] }],
  ])("not interspersed %j", (args, expected) => {
    expect(parse(args, false)).toEqual({ ...none, ...expected });
  });

  it.each<[string[], string]>([
    [["--foo"], "unknown flag: --foo"],
    [["--foo=bar"], "unknown flag: --foo"],
    [["-x"], "unknown shorthand flag: 'x' in -x"],
    [["-ax"], "unknown shorthand flag: 'x' in -x"],
    [["-xa"], "unknown shorthand flag: 'x' in -xa"],
    [["--name"], "flag needs an argument: --name"],
    [["-u"], "flag needs an argument: 'u' in -u"],
    [["-au"], "flag needs an argument: 'u' in -u"],
    [["-e"], "flag needs an argument: 'e' in -e"],
    [["---all"], "bad flag syntax: ---all"],
    [["--=x"], "bad flag syntax: --=x"],
    [["--all=maybe"], 'invalid argument "maybe" for "-a, --all" flag: strconv.ParseBool: parsing "maybe": invalid syntax'],
    [["--all="], 'invalid argument "" for "-a, --all" flag: strconv.ParseBool: parsing "": invalid syntax'],
    [["-e", "=x"], 'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x'],
    [["--help", "--foo"], "unknown flag: --foo"],
  ])("rejects %j", (args, message) => {
    expect(parse(args)).toBe(`error: ${message}`);
  });

  it.each<[string[]]>([[["--help"]], [["-h"]], [["-a", "--help", "x"]], [["-ah"]], [["--help=true"]]])(
    "asks for help with %j",
    (args) => {
      expect(parse(args)).toBe("help");
    },
  );

  it("does not ask for help with --help=false", () => {
    expect(parse(["--help=false"])).toEqual(none);
  });

  it("lets a command take -h for itself", () => {
    const hostname: FlagSpec = { name: "hostname", shorthand: "h", kind: "string", description: "" };
    const result = parseFlags([hostname], ["-h", "box"], { interspersed: false });
    expect(result.kind === "parsed" && result.flags.string("hostname")).toBe("box");
  });

  describe("int flags", () => {
    const last: FlagSpec = { name: "last", shorthand: "n", kind: "int", description: "", defaultValue: "-1" };
    const parseLast = (args: string[]) => parseFlags([last], args, { interspersed: true });

    it.each<[string[], number]>([
      [[], -1],
      [["-n", "3"], 3],
      [["--last=0"], 0],
      [["-n-2"], -2],
      [["-n", "0x10"], 16],
      [["-n", "010"], 8],
    ])("reads %j as %d", (args, value) => {
      const result = parseLast(args);
      expect(result.kind === "parsed" && result.flags.int("last")).toBe(value);
    });

    it.each<[string, string]>([
      ["x", 'invalid argument "x" for "-n, --last" flag: strconv.ParseInt: parsing "x": invalid syntax'],
      ["1.5", 'invalid argument "1.5" for "-n, --last" flag: strconv.ParseInt: parsing "1.5": invalid syntax'],
      ["08", 'invalid argument "08" for "-n, --last" flag: strconv.ParseInt: parsing "08": invalid syntax'],
    ])("refuses %j", (value, message) => {
      expect(parseLast(["-n", value])).toEqual({ kind: "error", message });
    });
  });

  it("tells a flag that was given from one left at its default", () => {
    const result = parseFlags(specs, ["--tty=false"], { interspersed: true });
    expect(result.kind === "parsed" && [result.flags.changed("tty"), result.flags.changed("all")]).toEqual([true, false]);
  });
});
