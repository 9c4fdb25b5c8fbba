// Worker entry: exposes the engine through comlink, and nothing else.

import { expose, proxy } from "comlink";
import { installEngineErrorTransfer } from "../src/api/error-transfer.ts";
import { createBrowserEngine } from "./browser-host.ts";
import { exposeOperations } from "./engine-dispatch.ts";

installEngineErrorTransfer();
expose(exposeOperations(createBrowserEngine(), proxy));
