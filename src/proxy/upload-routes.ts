// Which writes the registry proxy passes: only the distribution API's push requests. A session is
// opened with POST on …/blobs/uploads/ (with ?mount= to link a blob from another repository),
// fed with PATCH and closed with PUT on …/blobs/uploads/<session>, and a manifest is stored with
// PUT on …/manifests/<tag or digest>. Anything else (DELETE, writes to the token endpoint) is refused.

export const allowedMethods = "GET, HEAD, POST, PUT, PATCH, OPTIONS";

const repository = "(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*";
const uploadsStart = new RegExp(`^/v2/${repository}/blobs/uploads/$`);
const uploadSession = new RegExp(`^/v2/${repository}/blobs/uploads/[A-Za-z0-9_.=-]+$`);
const manifest = new RegExp(`^/v2/${repository}/manifests/(?:[\\w][\\w.-]{0,127}|sha256:[0-9a-f]{64})$`);

/** True for the push requests the proxy forwards (`path` is the registry's own, from /v2). */
export function isUpload(method: string, path: string): boolean {
  switch (method) {
    case "POST":
      return uploadsStart.test(path);
    case "PATCH":
      return uploadSession.test(path);
    case "PUT":
      return uploadSession.test(path) || manifest.test(path);
    default:
      return false;
  }
}
