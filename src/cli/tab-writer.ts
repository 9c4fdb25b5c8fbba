// Column alignment with the semantics of Go's text/tabwriter, which docker uses for its tables and
// for `docker version`. Input is text whose cells end in "\t"; the text after a line's last tab is
// not part of any column. A column is aligned over each run of consecutive lines that have a cell
// in it, and its width is the widest cell plus `padding`, but at least `minWidth`.

export interface TabWriterOptions {
  minWidth: number;
  padding: number;
}

/** Docker's table layout: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`. */
export const dockerTableLayout: TabWriterOptions = { minWidth: 10, padding: 3 };

export function tabwrite(text: string, options: TabWriterOptions): string {
  const lines = text.split("\n").map((line) => line.split("\t"));
  const trailingNewline = text.endsWith("\n");
  if (trailingNewline) lines.pop();
  const widths: number[] = [];
  const out: string[] = [];
  alignBlock(lines, 0, lines.length, widths, options, out);
  return out.join("\n") + (trailingNewline ? "\n" : "");
}

/** Renders rows of cells as a docker table (every row ends with a newline). */
export function formatTable(rows: string[][]): string {
  return tabwrite(rows.map((cells) => `${cells.join("\t")}\n`).join(""), dockerTableLayout);
}

function alignBlock(
  lines: string[][],
  start: number,
  end: number,
  widths: number[],
  options: TabWriterOptions,
  out: string[],
): void {
  const column = widths.length;
  let pending = start;
  let index = start;
  while (index < end) {
    if (!hasCell(lines[index], column)) {
      index += 1;
      continue;
    }
    writeLines(lines, pending, index, widths, out);
    const blockStart = index;
    let width = options.minWidth;
    for (; index < end && hasCell(lines[index], column); index += 1) {
      width = Math.max(width, textWidth(lines[index][column]) + options.padding);
    }
    widths.push(width);
    alignBlock(lines, blockStart, index, widths, options, out);
    widths.pop();
    pending = index;
  }
  writeLines(lines, pending, end, widths, out);
}

/** Whether the line has a tab-terminated cell at `column`. */
function hasCell(cells: string[], column: number): boolean {
  return column < cells.length - 1;
}

function writeLines(lines: string[][], start: number, end: number, widths: number[], out: string[]): void {
  for (let index = start; index < end; index += 1) {
    const cells = lines[index];
    out.push(
      cells
        .map((cell, column) => (column < widths.length ? cell + " ".repeat(widths[column] - textWidth(cell)) : cell))
        .join(""),
    );
  }
}

/** Go's tabwriter counts UTF-8 characters. */
function textWidth(text: string): number {
  return [...text].length;
}
