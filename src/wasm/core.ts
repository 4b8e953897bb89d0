// The one shared loader: takes a compiled WebAssembly.Module (or an instance) and exposes its exports.
// Per-platform entries (src/entry/*) obtain the module their own way; nothing here touches fs or fetch.
import { ABI } from "../contract.js";
import { WasmNotReadyError } from "../error.js";

export interface WasmExports {
	readonly memory: WebAssembly.Memory;
}

let exportsRef: (WasmExports & Record<string, unknown>) | undefined;
let resolveReady!: () => void;
const readyPromise = new Promise<void>((r) => (resolveReady = r));

/** Instantiates synchronously: the module has zero imports, and workerd forbids only compiling, not instantiating. */
export function installModule(module: WebAssembly.Module): void {
	installInstance(new WebAssembly.Instance(module, {}));
}

/** The core's ABI stamp must be this build's contract: a stale moqwire.wasm would misread every call. */
export function checkAbi(exports: WebAssembly.Exports): void {
	const stamp = typeof exports.stateVersion === "function" ? (exports.stateVersion as () => number)() : undefined;
	if (stamp !== ABI) {
		throw new TypeError(
			`moqwire WASM core was built from another contract (ABI ${stamp ?? "missing"}, this library expects ${ABI}): rebuild or reinstall moqwire`,
		);
	}
}

export function installInstance(instance: WebAssembly.Instance): void {
	if (exportsRef) return;
	checkAbi(instance.exports);
	exportsRef = instance.exports as unknown as WasmExports & Record<string, unknown>;
	resolveReady();
}

/** Resolves once the WASM core is loaded (immediately on Node, workerd and the inline entry). */
export function ready(): Promise<void> {
	return readyPromise;
}

export function isReady(): boolean {
	return exportsRef !== undefined;
}

/** The raw exports, typed by the caller's view of them. Throws WasmNotReadyError before loading. */
export function wasm<T>(): T & WasmExports {
	if (!exportsRef) throw new WasmNotReadyError();
	return exportsRef as unknown as T & WasmExports;
}
