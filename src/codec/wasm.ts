// The WASM codec exports and the slot table they share with TS (layout: the contract's `Codec`).
// Fields cross as f64 slots; a u62 above 2^53-1 is flagged Codec.big and read exactly from the BigUint64
// twin; an absent field is NaN (Codec.absent).
import { Codec } from "../contract.js";
import { BoundsExceededError, DecodeError, EncodeError } from "../error.js";
import { normalizePath } from "../path.js";
import { defaultEngine, type Engine } from "../wasm/engine.js";
import type { U62 } from "./types.js";

interface CodecExports {
	readonly memory: WebAssembly.Memory;
	codecInput(size: number): number;
	decodeMessages(kind: number, version: number, len: number, maxLen: number, max: number): number;
	encodeMessage(kind: number, version: number, slots: number, strBytes: number): number;
	decodeFrames(version: number, len: number, max: number): number;
	decodeDatagram(version: number, len: number): number;
}

export const SLOTS = Codec.slots;
export const H_REASON = Codec.header.reason;
export const H_NEED = Codec.header.need;
export const H_CONSUMED = Codec.header.consumed;
export const H_AUX = Codec.header.aux;
const FIRST = Codec.first;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const U64_LIMIT = 1n << 64n;

// The engine of the codec call in progress: every call is synchronous from use() to its last read, so the
// cursor it moves is that engine's own. `table`, `big` and `u8` cache the engine's views for the hot loops;
// bind() refreshes them whenever a call may have grown memory.
let e: Engine | undefined;
let table = new Float64Array(0);
let big = new BigUint64Array(0);
let u8 = new Uint8Array(0);

function bind(): Engine {
	const en = (e ??= defaultEngine());
	table = en.table;
	big = en.big;
	u8 = en.u8;
	return en;
}

/** Starts a codec call on `engine`; returns its exports. */
export function use(engine: Engine = defaultEngine()): CodecExports {
	e = engine;
	return engine.exports as unknown as CodecExports;
}

export function core(): CodecExports {
	return (e ??= defaultEngine()).exports as unknown as CodecExports;
}

export function memory(): Uint8Array {
	return bind().u8;
}

export function header(slot: number): number {
	return bind().table[slot]!;
}

/** The WASM input area with room for `size` bytes; returns its pointer (views refreshed after any growth). */
export function inputArea(size: number): number {
	const en = (e ??= defaultEngine());
	if (size > en.inputCap) {
		en.inputCap = Math.max(size, en.inputCap * 2, 4096);
		en.inputAt = core().codecInput(en.inputCap) >>> 0;
	}
	bind();
	return en.inputAt;
}

// ---- writing a record for the encoder ----

const encoder = new TextEncoder();

export function beginWrite(): void {
	const en = bind();
	en.cursor = FIRST;
	en.strings = 0;
}

export function slotsUsed(): number {
	return e!.cursor;
}

export function stringBytes(): number {
	return e!.strings;
}

export function wF(v: number): void {
	const en = e!;
	if (en.cursor >= SLOTS) throw new EncodeError("message has too many fields for one encode");
	table[en.cursor++] = v;
}

export function wU62(v: U62): void {
	if (typeof v === "number") {
		if (!Number.isInteger(v) || v < 0) throw new EncodeError(`not a u62: ${v}`);
		if (v <= MAX_SAFE) return wF(v);
		v = BigInt(v);
	} else if (typeof v !== "bigint" || v < 0n) {
		throw new EncodeError(`not a u62: ${String(v)}`);
	}
	if (v <= BigInt(MAX_SAFE)) return wF(Number(v));
	// The core rejects 2^62 and above; only values the u64 twin cannot hold are stopped here.
	if (v >= U64_LIMIT) throw new BoundsExceededError(`value above 2^62-1: ${v}`);
	if (e!.cursor < SLOTS) big[e!.cursor] = v;
	wF(Codec.big);
}

/** A `number` field: a non-negative safe integer. */
export function wNum(v: number): void {
	if (!Number.isSafeInteger(v) || v < 0) throw new EncodeError(`not a non-negative safe integer: ${v}`);
	wF(v);
}

export function wU8(v: number): void {
	if (!Number.isInteger(v) || v < 0 || v > 255) throw new EncodeError(`not a u8: ${v}`);
	wF(v);
}

export function wBool(v: boolean): void {
	wF(v ? 1 : 0);
}

/** `opt` fields: Codec.absent (NaN) = absent. */
export function wOpt(v: U62 | undefined): void {
	if (v === undefined) wF(Codec.absent);
	else wU62(v);
}

/** Strings go straight into WASM memory; lone surrogates become U+FFFD as TextEncoder defines. */
export function wStr(s: string): void {
	const en = e!;
	const max = s.length * 3;
	const at = inputArea(en.strings + max) + en.strings;
	const { written } = encoder.encodeInto(s, u8.subarray(at, at + max));
	wF(en.strings);
	wF(written);
	en.strings += written;
}

export function wBytes(b: Uint8Array): void {
	const en = e!;
	const at = inputArea(en.strings + b.byteLength) + en.strings;
	u8.set(b, at);
	wF(en.strings);
	wF(b.byteLength);
	en.strings += b.byteLength;
}

// ---- reading a decoded record ----

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function beginRead(): void {
	bind().cursor = FIRST;
}

export function rF(): number {
	return table[e!.cursor++]!;
}

export function rU62(): U62 {
	const en = e!;
	const f = table[en.cursor]!;
	const v = f === Codec.big ? big[en.cursor]! : f;
	en.cursor++;
	return v;
}

/** A `number` field; above 2^53-1 it cannot be represented, so it is refused rather than rounded. */
export function rNum(): number {
	const f = rF();
	if (f === Codec.big) throw new BoundsExceededError("value above 2^53-1 in a number field");
	return f;
}

export function rU8(): number {
	return rF();
}

export function rBool(): boolean {
	return rF() === 1;
}

export function rOpt(): U62 | undefined {
	if (Number.isNaN(table[e!.cursor])) {
		e!.cursor++;
		return undefined;
	}
	return rU62();
}

/** A `number` field the version may lack (Codec.absent slot). */
export function rNumOrAbsent(): number | undefined {
	if (Number.isNaN(table[e!.cursor])) {
		e!.cursor++;
		return undefined;
	}
	return rNum();
}

export function rSkip(n: number): void {
	e!.cursor += n;
}

export function rStr(): string {
	const at = e!.inputAt + rF();
	const len = rF();
	try {
		return decoder.decode(u8.subarray(at, at + len));
	} catch {
		throw new DecodeError("string is not valid UTF-8");
	}
}

/** Paths are normalized on decode as both references do (spec §2.5); already-normal ones are untouched. */
export function rPath(): string {
	const s = rStr();
	if (s.startsWith("/") || s.endsWith("/") || s.includes("//")) return normalizePath(s); // the core checked the segment count
	return s;
}

export function rBytes(): Uint8Array {
	const at = e!.inputAt + rF();
	const len = rF();
	return u8.slice(at, at + len);
}
