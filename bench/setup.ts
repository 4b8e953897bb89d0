// Loads build/moqwire.wasm (built by `npm run asbuild`) into the WASM core for benchmarks.
import { readFileSync } from "node:fs";
import { installModule } from "../src/wasm/core.js";

installModule(new WebAssembly.Module(readFileSync("build/moqwire.wasm")));
