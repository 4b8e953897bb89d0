// Public API of moqwire. Platform entries (src/entry/*) load the WASM core and re-export this.
export * from "./error.js";
export { ready, isReady } from "./wasm/core.js";
/** The moq-lite wire codec: message shapes, encoders and the incremental decoder. */
export * as Codec from "./codec/index.js";
