// CORS for a public, credential-less proxy: any origin may read and upload; the browser sends Authorization itself.

import { allowedMethods } from "./upload-routes.ts";

const allowedRequestHeaders = "Authorization, Accept, Range, Content-Type, Content-Range";
const exposedResponseHeaders =
  "Docker-Content-Digest, WWW-Authenticate, Content-Length, Content-Range, Docker-Distribution-Api-Version, Location, Range, Docker-Upload-UUID";

export function addCorsHeaders(headers: Headers): void {
  headers.set("Access-Control-Allow-Origin", "*");
  headers.set("Access-Control-Expose-Headers", exposedResponseHeaders);
}

export function preflightResponse(): Response {
  const headers = new Headers({
    "Access-Control-Allow-Methods": allowedMethods,
    "Access-Control-Allow-Headers": allowedRequestHeaders,
    "Access-Control-Max-Age": "86400",
  });
  addCorsHeaders(headers);
  return new Response(null, { status: 204, headers });
}
