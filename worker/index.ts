// Worker entry: exposes the engine through comlink, and nothing else.

import { expose } from "comlink";
import { installEngineErrorTransfer } from "../src/api/error-transfer.ts";
import { createBrowserEngine } from "./browser-host.ts";

installEngineErrorTransfer();
expose(createBrowserEngine());
