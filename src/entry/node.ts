// Node entry: reads moqwire.wasm next to this file and instantiates it synchronously at import.
import { readFileSync } from "node:fs";
import { installModule } from "../wasm/core.js";

installModule(new WebAssembly.Module(readFileSync(new URL("./moqwire.wasm", import.meta.url))));

export * from "../index.js";
