// Error responses in the registry's JSON error format, so clients parse proxy and upstream errors alike.

export type RegistryErrorCode = "DENIED" | "UNSUPPORTED" | "NAME_INVALID" | "SIZE_INVALID" | "UNAVAILABLE";

export function registryErrorResponse(
  status: number,
  code: RegistryErrorCode,
  message: string,
  headers: HeadersInit = {},
): Response {
  const body = JSON.stringify({ errors: [{ code, message }] });
  const merged = new Headers(headers);
  merged.set("Content-Type", "application/json");
  return new Response(body, { status, headers: merged });
}
