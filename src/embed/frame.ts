// The engine frame (embed/frame.html), loaded by embed.js into a hidden iframe from berth's origin:
// one engine worker for every example of the embedding page, served over the embed protocol.

import { installEngineErrorTransfer } from "../api/error-transfer.ts";
import { connectEngine } from "../engine-client.ts";
import { startEngineWorker } from "../engine-worker.ts";
import { EmbeddedEngine } from "./embedded-engine.ts";
import { serveEmbedFrame } from "./frame-host.ts";

installEngineErrorTransfer();
serveEmbedFrame(window, new EmbeddedEngine(connectEngine(startEngineWorker("berth-embed-engine"))));
