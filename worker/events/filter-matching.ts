// How Docker's filters match text and labels (its filters.Args), shared by the list filters of
// containers and networks and the event filter.

/** Docker matches names and ids as regular expressions; a pattern that is not one matches literally. */
export function safeRegExp(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  }
}

/** Docker's MatchKVList: every "key" must be among the labels, and every "key=value" one with that value. */
export function labelsMatch(wanted: string[], labels: Record<string, string>): boolean {
  return wanted.every((label) => {
    const equals = label.indexOf("=");
    const key = equals === -1 ? label : label.slice(0, equals);
    return Object.hasOwn(labels, key) && (equals === -1 || labels[key] === label.slice(equals + 1));
  });
}
