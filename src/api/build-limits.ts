// Limits of `docker build` that the client and the engine both enforce.

/** The most a build context may hold, uncompressed: the engine keeps it whole in memory while the build runs. */
export const MAX_BUILD_CONTEXT_BYTES = 256 * 1024 * 1024;
