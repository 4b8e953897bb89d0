// The WASM codec exports and the slot table they share with TS (layout: the contract's `Codec`).
// Fields cross as f64 slots; a u62 above 2^53-1 is flagged Codec.big and read exactly from the BigUint64
// twin; an absent field is NaN (Codec.absent).
import { Codec } from "../contract.js";
import { BoundsExceededError, DecodeError, EncodeError } from "../error.js";
import { normalizePath } from "../path.js";
import { wasm } from "../wasm/core.js";
import type { U62 } from "./types.js";

interface CodecExports {
	readonly memory: WebAssembly.Memory;
	codecTable(): number;
	codecBig(): number;
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

let exportsRef: CodecExports | undefined;
let u8 = new Uint8Array(0);
let f64 = new Float64Array(0);
let big = new BigUint64Array(0);
let inPtr = 0;
let inCap = 0;

export function core(): CodecExports {
	return (exportsRef ??= wasm<CodecExports>());
}

/**
 * Views over linear memory, re-created only after growth detached the old ones. A detached buffer zeroes the
 * views' length, a cheaper test than fetching memory.buffer on every call (as src/model/core.ts does).
 */
function views(): void {
	if (f64.length !== 0) return;
	const ex = core();
	const b = ex.memory.buffer as ArrayBuffer;
	u8 = new Uint8Array(b);
	f64 = new Float64Array(b, ex.codecTable() >>> 0, SLOTS);
	big = new BigUint64Array(b, ex.codecBig() >>> 0, SLOTS);
}

export function memory(): Uint8Array {
	views();
	return u8;
}

export function header(slot: number): number {
	views();
	return f64[slot]!;
}

/** The WASM input area with room for `size` bytes; returns its pointer. */
export function inputArea(size: number): number {
	if (size > inCap) {
		inCap = Math.max(size, inCap * 2, 4096);
		inPtr = core().codecInput(inCap) >>> 0;
	}
	views();
	return inPtr;
}

// ---- writing a record for the encoder ----

let cur = FIRST;
let strUsed = 0;
const encoder = new TextEncoder();

export function beginWrite(): void {
	views();
	cur = FIRST;
	strUsed = 0;
}

export function slotsUsed(): number {
	return cur;
}

export function stringBytes(): number {
	return strUsed;
}

export function wF(v: number): void {
	if (cur >= SLOTS) throw new EncodeError("message has too many fields for one encode");
	f64[cur++] = v;
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
	if (cur < SLOTS) big[cur] = v;
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
	const max = s.length * 3;
	const at = inputArea(strUsed + max) + strUsed;
	const { written } = encoder.encodeInto(s, u8.subarray(at, at + max));
	wF(strUsed);
	wF(written);
	strUsed += written;
}

export function wBytes(b: Uint8Array): void {
	const at = inputArea(strUsed + b.byteLength) + strUsed;
	u8.set(b, at);
	wF(strUsed);
	wF(b.byteLength);
	strUsed += b.byteLength;
}

// ---- reading a decoded record ----

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function beginRead(): void {
	views();
	cur = FIRST;
}

export function rF(): number {
	return f64[cur++]!;
}

export function rU62(): U62 {
	const f = f64[cur]!;
	const v = f === Codec.big ? big[cur]! : f;
	cur++;
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
	if (Number.isNaN(f64[cur])) {
		cur++;
		return undefined;
	}
	return rU62();
}

/** A `number` field the version may lack (Codec.absent slot). */
export function rNumOrAbsent(): number | undefined {
	if (Number.isNaN(f64[cur])) {
		cur++;
		return undefined;
	}
	return rNum();
}

export function rSkip(n: number): void {
	cur += n;
}

export function rStr(): string {
	const at = inPtr + rF();
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
	const at = inPtr + rF();
	const len = rF();
	return u8.slice(at, at + len);
}
