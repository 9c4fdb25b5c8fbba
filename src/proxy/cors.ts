// CORS for a public, credential-less proxy: any origin may read; the browser sends Authorization itself.

const allowedRequestHeaders = "Authorization, Accept, Range";
const exposedResponseHeaders =
  "Docker-Content-Digest, WWW-Authenticate, Content-Length, Content-Range, Docker-Distribution-Api-Version";

export function addCorsHeaders(headers: Headers): void {
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Expose-Headers", exposedResponseHeaders);
}

export function preflightResponse(): Response {
  const headers = new Headers({
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": allowedRequestHeaders,
    "Access-Control-Max-Age": "86400",
  });
  addCorsHeaders(headers);
  return new Response(null, { status: 204, headers });
}
