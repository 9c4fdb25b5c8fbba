// JSON as Go's encoding/json writes it, which is what docker prints: "<", ">", "&", U+2028 and
// U+2029 inside strings escaped as \u003c and so on; indented (json.MarshalIndent) when asked.

const goEscaped = /[<>&\u2028\u2029]/g;

export function goJson(value: unknown, indent?: string): string {
  return JSON.stringify(value, null, indent).replace(
    goEscaped,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
