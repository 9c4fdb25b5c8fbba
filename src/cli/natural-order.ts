// sortorder.NaturalLess as a comparator: runs of digits compare by value (and before any other
// character), everything else byte by byte.

const isDigit = (char: string | undefined) => char !== undefined && char >= "0" && char <= "9";

export function naturalOrder(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const digitA = isDigit(a[i]);
    const digitB = isDigit(b[j]);
    if (digitA !== digitB) return digitA ? -1 : 1;
    if (!digitA) {
      if (a[i] !== b[j]) return a[i] < b[j] ? -1 : 1;
      i += 1;
      j += 1;
      continue;
    }
    while (a[i] === "0") i += 1;
    while (b[j] === "0") j += 1;
    const startA = i;
    const startB = j;
    while (isDigit(a[i])) i += 1;
    while (isDigit(b[j])) j += 1;
    const numberA = a.slice(startA, i);
    const numberB = b.slice(startB, j);
    if (numberA.length !== numberB.length) return numberA.length - numberB.length;
    if (numberA !== numberB) return numberA < numberB ? -1 : 1;
    if (startA !== startB) return startA - startB;
  }
  return a.length - i - (b.length - j);
}
