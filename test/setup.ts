// Loads the freshly built WASM core (build/moqwire.wasm, from `npm run asbuild`) for every test file.
import { readFileSync } from "node:fs";
import { installModule } from "../src/wasm/core.js";

installModule(new WebAssembly.Module(readFileSync(new URL("../build/moqwire.wasm", import.meta.url))));

// Node 20 lacks Promise.withResolvers, which the reference peer (@moq/net) and @moq/qmux call.
if (!("withResolvers" in Promise)) {
	Object.assign(Promise, {
		withResolvers<T>() {
			let resolve!: (v: T) => void;
			let reject!: (e: unknown) => void;
			const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
			return { promise, resolve, reject };
		},
	});
}
