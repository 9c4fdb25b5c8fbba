// The values of `docker run`/`docker create` options that Docker's CLI parses itself, with its
// messages: memory sizes (go-units RAMInBytes), --memory-swap, --cpus (a rational number of CPUs),
// --restart policies and --label names.

import type { RestartPolicy, RestartPolicyName } from "../api/types.ts";
import { goQuote } from "./go-quote.ts";

export class OptionValueError extends Error {}

const binaryMultipliers: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
const goFloatPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** "512m", "1g", "1.5GiB", "100 kb", "1024" → bytes, as units.RAMInBytes reads them. */
export function parseRamInBytes(text: string): number {
  const separator = Math.max(...[..."0123456789. "].map((char) => text.lastIndexOf(char)));
  if (separator < 0) throw new OptionValueError(`invalid size: '${text}'`);
  const number = text[separator] === " " ? text.slice(0, separator) : text.slice(0, separator + 1);
  const suffix = text.slice(separator + 1);
  if (!goFloatPattern.test(number)) throw new OptionValueError(`strconv.ParseFloat: parsing ${goQuote(number)}: invalid syntax`);
  const size = Number(number);
  if (size < 0) throw new OptionValueError(`invalid size: '${text}'`);
  if (suffix === "") return Math.trunc(size);

  const unit = suffix.toLowerCase();
  const badSuffix = new OptionValueError(`invalid suffix: '${suffix.length > 3 ? suffix : unit}'`);
  if (unit.length > 3) throw badSuffix;
  if (unit[0] === "b") {
    if (unit.length > 1) throw badSuffix;
    return Math.trunc(size);
  }
  const multiplier = binaryMultipliers[unit[0]];
  if (multiplier === undefined) throw badSuffix;
  if ((unit.length === 2 && unit[1] !== "b") || (unit.length === 3 && unit.slice(1) !== "ib")) throw badSuffix;
  return Math.trunc(size * multiplier);
}

/** --memory-swap: a size, or -1 for unlimited swap. */
export function parseMemorySwap(text: string): number {
  return text === "-1" ? -1 : parseRamInBytes(text);
}

/** --cpus "0.5", "2", "3/2" → units of 1e-9 CPUs (opts.ParseCPUs, with big.Rat's syntax). */
export function parseNanoCpus(text: string): number {
  const rational = /^([+-]?\d+)\/(\d+)$/.exec(text);
  const decimal = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  let numerator: bigint;
  let denominator: bigint;
  if (rational && BigInt(rational[2]) !== 0n) {
    numerator = BigInt(rational[1]) * 1_000_000_000n;
    denominator = BigInt(rational[2]);
  } else if (decimal && (decimal[2] || decimal[3])) {
    const [, sign, whole, fraction = "", exponentText = "0"] = decimal;
    const exponent = Number(exponentText) + 9 - fraction.length;
    const digits = BigInt(`${sign}${whole}${fraction}` || "0");
    numerator = exponent >= 0 ? digits * 10n ** BigInt(exponent) : digits;
    denominator = exponent >= 0 ? 1n : 10n ** BigInt(-exponent);
  } else {
    throw new OptionValueError(`failed to parse ${text} as a rational number`);
  }
  if (numerator % denominator !== 0n) throw new OptionValueError("value is too precise");
  return Number(numerator / denominator);
}

/** "no", "always", "unless-stopped", "on-failure:3" (opts.ParseRestartPolicy; the daemon checks the name). */
export function parseRestartPolicy(text: string): RestartPolicy {
  if (text === "") return { Name: "", MaximumRetryCount: 0 };
  const colon = text.indexOf(":");
  const name = colon < 0 ? text : text.slice(0, colon);
  const count = colon < 0 ? "" : text.slice(colon + 1);
  if (colon >= 0 && name === "") throw new OptionValueError("invalid restart policy format: no policy provided before colon");
  if (count !== "" && !/^[+-]?\d+$/.test(count)) {
    throw new OptionValueError("invalid restart policy format: maximum retry count must be an integer");
  }
  return { Name: name as RestartPolicyName, MaximumRetryCount: count === "" ? 0 : Number(count) };
}

/** Whether the policy restarts the container at all (RestartPolicy.IsNone's opposite). */
export function restarts(policy: RestartPolicy): boolean {
  return policy.Name !== "" && policy.Name !== "no";
}

/** --label's check of each `key[=value]` (opts.ValidateLabel). */
export function labelError(value: string): string | undefined {
  const key = value.split("=")[0].replace(/^[ \t]+/, "");
  if (key === "") return `invalid label '${value}': empty name`;
  if (/[ \t]/.test(key)) return `label '${key}' contains whitespaces`;
  return undefined;
}

/** Turns a parser into a flag validator: the parser's complaint, if it has one. */
export function validatorOf(parse: (text: string) => unknown): (text: string) => string | undefined {
  return (text) => {
    try {
      parse(text);
      return undefined;
    } catch (error) {
      if (error instanceof OptionValueError) return error.message;
      throw error;
    }
  };
}
