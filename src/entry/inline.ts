// Fallback entry with the WASM inlined as base64 (one self-contained file; not for workerd).
import loadModule from "../../build/moqwire.wasm";
import { installModule } from "../wasm/core.js";

installModule(loadModule());

export * from "../index.js";
