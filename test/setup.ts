// Loads the freshly built WASM core (build/moqwire.wasm, from `npm run asbuild`) for every test file.
import { readFileSync } from "node:fs";
import { installModule } from "../src/wasm/core.js";

installModule(new WebAssembly.Module(readFileSync(new URL("../build/moqwire.wasm", import.meta.url))));
