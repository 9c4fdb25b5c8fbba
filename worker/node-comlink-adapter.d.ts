// comlink ships the worker_threads adapter's types beside node-adapter.mjs as node-adapter.d.ts,
// which TypeScript does not pair with an .mjs import.
declare module "comlink/dist/esm/node-adapter.mjs" {
  export { default } from "comlink/dist/esm/node-adapter";
}
