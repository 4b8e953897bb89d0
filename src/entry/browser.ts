// Browser and Deno entry: fetches moqwire.wasm next to this file. Model objects need `await ready()` first;
// connect()/accept() wait for it themselves.
import { installModule } from "../wasm/core.js";

async function load(): Promise<void> {
	const response = await fetch(new URL("./moqwire.wasm", import.meta.url));
	if (!response.ok) throw new Error(`moqwire: cannot load moqwire.wasm (HTTP ${response.status})`);
	const streaming = response.headers.get("content-type")?.startsWith("application/wasm");
	installModule(
		streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer()),
	);
}

// Surfaced through ready() callers; never an unhandled rejection at import time.
export const loaded: Promise<void> = load();
loaded.catch(() => {});

export * from "../index.js";
