// One WASM core instance and everything tied to it: its memory views, its codec cursor, and the
// tables mapping WASM handles (group slots, fetch attempts) to JS objects. Several engines can live in one
// process (say one per relay, so one relay's cache never shares tables with another's); model objects reach
// theirs through their Context, a Decoder through its options. Nothing else holds core state.
import type { Attempt } from "../model/core.js";
import type { GroupState } from "../model/group.js";
import { Codec } from "../contract.js";
import { Cursor } from "../codec/wasm.js";
import { checkAbi, defaultInstance, instantiate } from "./core.js";

/** The core's exports, typed by their users (src/codec/wasm.ts, src/model/core.ts). */
export type CoreExports = WebAssembly.Exports & { readonly memory: WebAssembly.Memory };

export class Engine {
	readonly exports: CoreExports;
	/** Live groups by WASM slot (a slot is reused only after its event has been drained). */
	readonly groups: (GroupState | undefined)[] = [];
	/** Unsettled fetch attempts by WASM attempt id. */
	readonly attempts: (Attempt | undefined)[] = [];

	// Views over linear memory, rebuilt only once growth detached them: a detached buffer zeroes a view's
	// length, a cheaper test than fetching memory.buffer on every call.
	#u8 = new Uint8Array(0);
	#i32 = new Int32Array(0);
	#f64 = new Float64Array(0);
	#table = new Float64Array(0);
	#big = new BigUint64Array(0);
	readonly #tableAt: number;
	readonly #bigAt: number;
	readonly #eventsAt: number;
	readonly #outAt: number;

	/** This engine's codec cursor: every encode and decode given this engine runs on it. */
	readonly codec: Cursor;

	/** A new, empty core (from the loaded module), or one over an existing instance. */
	constructor(instance: WebAssembly.Instance = instantiate()) {
		checkAbi(instance.exports);
		this.exports = instance.exports as CoreExports;
		this.#tableAt = (this.exports.codecTable as () => number)() >>> 0;
		this.#bigAt = (this.exports.codecBig as () => number)() >>> 0;
		this.#eventsAt = (this.exports.stateEvents as () => number)() >>> 2;
		this.#outAt = (this.exports.stateOut as () => number)() >>> 3;
		this.codec = new Cursor(this);
	}

	/** Secondary result `i` (an `Out` slot of the contract) of the last state call. */
	out(i: number): number {
		return this.f64[this.#outAt + i]!;
	}

	/** Index (in i32 units) of the [count, ptr] header of the state call's event batch. */
	get events(): number {
		return this.#eventsAt;
	}

	#views(): void {
		if (this.#f64.length !== 0) return;
		const b = this.exports.memory.buffer as ArrayBuffer;
		this.#u8 = new Uint8Array(b);
		this.#i32 = new Int32Array(b);
		this.#f64 = new Float64Array(b);
		this.#table = new Float64Array(b, this.#tableAt, Codec.slots);
		this.#big = new BigUint64Array(b, this.#bigAt, Codec.slots);
	}

	get u8(): Uint8Array<ArrayBuffer> {
		this.#views();
		return this.#u8;
	}

	get i32(): Int32Array<ArrayBuffer> {
		this.#views();
		return this.#i32;
	}

	get f64(): Float64Array<ArrayBuffer> {
		this.#views();
		return this.#f64;
	}

	/** The codec's f64 slot table. */
	get table(): Float64Array<ArrayBuffer> {
		this.#views();
		return this.#table;
	}

	/** The u64 twin of the slot table (exact values of slots flagged Codec.big). */
	get big(): BigUint64Array<ArrayBuffer> {
		this.#views();
		return this.#big;
	}
}

let fallback: Engine | undefined;

/** The engine of everything not given one: created over the instance the platform entry loaded. */
export function defaultEngine(): Engine {
	return (fallback ??= new Engine(defaultInstance()));
}
