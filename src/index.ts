// Public API of moqwire. Platform entries (src/entry/*) load the WASM core and re-export this.
export * from "./error.js";
export { ready, isReady } from "./wasm/core.js";
