// The part of Go's text/template that docker's --format is mostly used with: text, `{{.Field.Path}}`,
// method calls with string arguments (`{{.Label "com.example"}}`) and `{{json .Field}}` actions
// (with `{{-`/`-}}` trimming), evaluated on plain data the way docker evaluates them on decoded
// JSON; a function-valued field is a method. Values print as Go prints them: slices as [a b], maps
// as map[k:v] with sorted keys. Other actions are refused with a parse error.

import { goJson } from "./go-json.ts";

/** Names the Go type a view object stands for, for "can't evaluate field" errors. */
export const goStructType = Symbol("goStructType");
/**
 * Marks a view object as a typed Go map (such as map[string]string), where a missing key is no
 * error but prints <no value>; other plain objects are decoded JSON, where docker's missing-key
 * option makes it one.
 */
export const goTypedMap = Symbol("goTypedMap");

export class TemplateParseError extends Error {}
export class TemplateExecutionError extends Error {}

export interface GoTemplate {
  /**
   * Throws TemplateExecutionError when a field cannot be evaluated. "header" runs it as docker
   * runs a table's header line: `json` prints its argument unchanged.
   */
  execute(data: unknown, mode?: "header"): string;
}

type Part = string | Action;

interface Action {
  json: boolean;
  /** ".Config.Cmd"; "." for the data itself. */
  operand: string;
  /** String arguments of a method call. */
  args: string[];
  /** Where the operand is, as Go reports it: "1:9". */
  position: string;
}

/** Docker's template functions and Go's keywords and built-ins: known, but not supported here. */
const unsupportedWords = new Set(
  [
    "split join title lower upper pad truncate println",
    "if else end range with define template block break continue nil",
    "and or not len index slice print printf html js urlquery eq ne lt le gt ge call",
  ].flatMap((words) => words.split(" ")),
);
const operandPattern = /^\.(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?$/;

export function parseGoTemplate(source: string): GoTemplate {
  const parts: Part[] = [];
  let index = 0;
  let trimNextText = false;
  while (index < source.length) {
    const open = source.indexOf("{{", index);
    let text = source.slice(index, open < 0 ? source.length : open);
    if (trimNextText) text = text.trimStart();
    if (open < 0) {
      parts.push(text);
      break;
    }
    const close = source.indexOf("}}", open + 2);
    if (close < 0) throw new TemplateParseError(`template: :${lineOf(source, open)}: unclosed action`);
    let start = open + 2;
    let end = close;
    if (/^-\s/.test(source.slice(start, start + 2))) {
      text = text.trimEnd();
      start += 1;
    }
    trimNextText = /\s-$/.test(source.slice(end - 2, end));
    if (trimNextText) end -= 1;
    parts.push(text, parseAction(source, start, end));
    index = close + 2;
  }
  return {
    execute: (data, mode) => parts.map((part) => (typeof part === "string" ? part : evaluate(part, data, mode === "header"))).join(""),
  };
}

function parseAction(source: string, start: number, end: number): Action {
  const line = lineOf(source, start);
  const words = [...source.slice(start, end).matchAll(/"(?:[^"\\]|\\.)*"|`[^`]*`|\S+/g)];
  if (words.length === 0) throw new TemplateParseError(`template: :${line}: missing value for command`);
  const [first] = words;
  const json = first[0] === "json" && words.length === 2;
  const operand = json ? words[1] : first;
  const args = json ? [] : words.slice(1).map((word) => word[0]);
  if (operandPattern.test(operand[0]) && args.every(isStringLiteral)) {
    const column = start + operand.index - (source.lastIndexOf("\n", start) + 1);
    return { json, operand: operand[0], args: args.map(stringValue), position: `${line}:${column}` };
  }
  if (/^[A-Za-z_]\w*$/.test(first[0]) && !unsupportedWords.has(first[0]) && first[0] !== "json") {
    throw new TemplateParseError(`template: :${line}: function "${first[0]}" not defined`);
  }
  throw new TemplateParseError(`template: :${line}: berth supports only {{.Field}} and {{json .Field}} actions`);
}

function isStringLiteral(word: string): boolean {
  return /^"(?:[^"\\]|\\.)*"$/.test(word) || /^`[^`]*`$/.test(word);
}

/** A Go string literal's value (JSON's escapes are Go's common ones). */
function stringValue(literal: string): string {
  return literal.startsWith("`") ? literal.slice(1, -1) : (JSON.parse(literal) as string);
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}

function evaluate(action: Action, data: unknown, header: boolean): string {
  const fail = (problem: string) =>
    new TemplateExecutionError(`template: :${action.position}: executing "" at <${action.operand}>: ${problem}`);
  const fields = action.operand.split(".").slice(1).filter(Boolean);
  let value = data;
  for (const [index, field] of fields.entries()) {
    if (value === null || value === undefined) throw fail(`nil pointer evaluating interface {}.${field}`);
    if (typeof value !== "object" || Array.isArray(value)) {
      throw fail(`can't evaluate field ${field} in type ${goTypeName(value)}`);
    }
    if (!Object.hasOwn(value, field) && (value as { [goTypedMap]?: boolean })[goTypedMap]) {
      value = undefined;
      continue;
    }
    if (!Object.hasOwn(value, field)) {
      const structType = (value as { [goStructType]?: string })[goStructType];
      throw fail(structType ? `can't evaluate field ${field} in type ${structType}` : `map has no entry for key "${field}"`);
    }
    const member = (value as Record<string, unknown>)[field];
    const args = index === fields.length - 1 ? action.args : [];
    if (typeof member === "function") {
      if (member.length !== args.length) throw fail(`wrong number of args for ${field}: want ${member.length} got ${args.length}`);
      value = member.call(value, ...args);
    } else if (args.length > 0) {
      throw fail(`can't give argument to non-function ${action.operand}`);
    } else {
      value = member;
    }
  }
  if (action.json && header) return goPrint(value);
  if (action.json) return goJson(value ?? null);
  return value === null || value === undefined ? "<no value>" : goPrint(value);
}

/** fmt's %v of a value decoded from JSON. */
function goPrint(value: unknown): string {
  if (value === null || value === undefined) return "<nil>";
  if (Array.isArray(value)) return `[${value.map(goPrint).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([key, item]) => `${key}:${goPrint(item)}`).join(" ")}]`;
  }
  return String(value);
}

function goTypeName(value: unknown): string {
  if (Array.isArray(value)) return "[]interface {}";
  if (typeof value === "number") return "json.Number";
  return typeof value;
}
