import { describe, expect, it } from "vitest";
import { isReady, wasm } from "../src/wasm/core.js";

describe("wasm core", () => {
	it("loads a module with zero imports", async () => {
		const { readFileSync } = await import("node:fs");
		const mod = new WebAssembly.Module(readFileSync(new URL("../build/moqwire.wasm", import.meta.url)));
		expect(WebAssembly.Module.imports(mod)).toEqual([]);
		expect(isReady()).toBe(true);
		expect(wasm<object>().memory).toBeInstanceOf(WebAssembly.Memory);
	});
});
