// Caps how many bytes a streamed body may carry, for bodies whose length was not announced (or lied about).

export class SizeLimitError extends Error {
  override readonly name = "SizeLimitError";
}

export function limitBodySize(body: ReadableStream<Uint8Array>, maxBytes: number): ReadableStream<Uint8Array> {
  let seen = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) controller.error(new SizeLimitError(`body exceeds the proxy limit of ${maxBytes} bytes`));
      else controller.enqueue(chunk);
    },
  });
  return body.pipeThrough(counter);
}
