// dockerfile-ast looks for a byte order mark with Node's global Buffer, which a browser's worker
// does not have; the `buffer` package provides the same API there. Import before dockerfile-ast.

import { Buffer } from "buffer";

const scope = globalThis as { Buffer?: unknown };
scope.Buffer ??= Buffer;
