// Cloudflare Workers (workerd) and other edge runtimes: the platform compiles the imported .wasm for us
// (compiling from bytes is refused there), and instantiating a compiled module is allowed.
import wasmModule from "./moqwire.wasm";
import { installModule } from "../wasm/core.js";

installModule(wasmModule);

export * from "../index.js";
