// The one shared loader: takes the compiled WebAssembly.Module a platform entry (src/entry/*) obtained its own
// way, checks its ABI stamp and makes the default instance. Engines (src/wasm/engine.ts) instantiate it again
// for isolated state. Nothing here touches fs or fetch.
import { ABI } from "../contract.js";
import { WasmNotReadyError } from "../error.js";

export interface WasmExports {
	readonly memory: WebAssembly.Memory;
}

let loaded: WebAssembly.Module | undefined;
let first: WebAssembly.Instance | undefined;
let resolveReady!: () => void;
const readyPromise = new Promise<void>((r) => (resolveReady = r));

/** The core's ABI stamp must be this build's contract: a stale moqwire.wasm would misread every call. */
export function checkAbi(exports: WebAssembly.Exports): void {
	const stamp = typeof exports.stateVersion === "function" ? (exports.stateVersion as () => number)() : undefined;
	if (stamp !== ABI) {
		throw new TypeError(
			`moqwire WASM core was built from another contract (ABI ${stamp ?? "missing"}, this library expects ${ABI}): rebuild or reinstall moqwire`,
		);
	}
}

/** Instantiates synchronously: the module has zero imports, and workerd forbids only compiling, not instantiating. */
export function installModule(module: WebAssembly.Module): void {
	if (loaded) return;
	const instance = new WebAssembly.Instance(module, {});
	checkAbi(instance.exports);
	loaded = module;
	first = instance;
	resolveReady();
}

/** A fresh instance of the loaded core (its own memory and tables). Throws WasmNotReadyError before loading. */
export function instantiate(): WebAssembly.Instance {
	if (!loaded) throw new WasmNotReadyError();
	return new WebAssembly.Instance(loaded, {});
}

/** The instance made at load, behind the default engine. */
export function defaultInstance(): WebAssembly.Instance {
	if (!first) throw new WasmNotReadyError();
	return first;
}

/** Resolves once the WASM core is loaded (immediately on Node, workerd and the inline entry). */
export function ready(): Promise<void> {
	return readyPromise;
}

export function isReady(): boolean {
	return first !== undefined;
}

/** The default instance's raw exports, typed by the caller's view of them. Throws WasmNotReadyError before loading. */
export function wasm<T>(): T & WasmExports {
	return defaultInstance().exports as unknown as T & WasmExports;
}
