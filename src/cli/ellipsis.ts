// Docker's truncation of long table cells (formatter.Ellipsis), counting each character as one
// column.

/** Cuts text longer than `width` characters to `width - 1` and an ellipsis. */
export function ellipsis(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join("")}…`;
}
