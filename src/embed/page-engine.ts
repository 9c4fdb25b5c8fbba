// The one engine frame of an embedding page: a hidden iframe of embed/frame.html from berth's
// origin, made the first time an example or the JavaScript API needs the engine, and the client
// every example shares.

import { FrameClient } from "./frame-client.ts";

let shared: FrameClient | undefined;

export function pageEngine(frameUrl: URL): FrameClient {
  if (shared) return shared;
  const frame = document.createElement("iframe");
  frame.src = frameUrl.href;
  frame.title = "berth engine";
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  // Out of sight and out of the layout, but not display:none, which a browser may throttle harder.
  frame.style.cssText = "position:fixed;width:0;height:0;border:0;left:0;top:0;opacity:0;pointer-events:none";
  frame.dataset.berthEngine = "";
  shared = new FrameClient(window, () => frame.contentWindow, frameUrl.origin);
  (document.body ?? document.documentElement).append(frame);
  return shared;
}
