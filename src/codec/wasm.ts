// The WASM codec exports and the slot table they share with TS (layout: the contract's `Codec`).
// Fields cross as f64 slots; a u62 above 2^53-1 is flagged Codec.big and read exactly from the BigUint64
// twin; an absent field is NaN (Codec.absent).
import { Codec } from "../contract.js";
import { BoundsExceededError, DecodeError, EncodeError } from "../error.js";
import { normalizePath } from "../path.js";
import { defaultEngine, type Engine } from "../wasm/engine.js";
import type { U62 } from "./types.js";

export interface CodecExports {
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

const encoder = new TextEncoder();
/** Longest string wStr copies by hand when it is ASCII: the loop costs ~2 ns a character, encodeInto ~85 ns a
 * call whatever the length (Node 20), so they cross at ~40. */
const ASCII_BY_HAND = 32;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * One engine's codec cursor: the next slot to write or read, the input bytes strings have taken, and cached
 * views of that engine's slot table and memory. Each engine owns one (`engine.codec`); a codec call runs on the
 * cursor of the engine its caller gave, so two engines share nothing. Every call is synchronous from begin to
 * its last read.
 */
export class Cursor {
	readonly exports: CodecExports;
	readonly #engine: Engine;
	/** The next slot to write or read. */
	at = FIRST;
	/** Input bytes taken by the strings of the record being written. */
	strings = 0;
	/** The codec input area (pointer, capacity). */
	inputAt = 0;
	#inputCap = 0;
	// The engine's views, taken again only once growth detached them (a detached view's length is 0).
	#table = new Float64Array(0);
	#big = new BigUint64Array(0);
	#u8 = new Uint8Array(0);

	constructor(engine: Engine) {
		this.#engine = engine;
		this.exports = engine.exports as unknown as CodecExports;
	}

	#bind(): void {
		if (this.#u8.length !== 0) return;
		const en = this.#engine;
		this.#table = en.table;
		this.#big = en.big;
		this.#u8 = en.u8;
	}

	memory(): Uint8Array {
		this.#bind();
		return this.#u8;
	}

	header(slot: number): number {
		this.#bind();
		return this.#table[slot]!;
	}

	/** The WASM input area with room for `size` bytes; returns its pointer (views refreshed after any growth). */
	inputArea(size: number): number {
		if (size > this.#inputCap) {
			this.#inputCap = Math.max(size, this.#inputCap * 2, 4096);
			this.inputAt = this.exports.codecInput(this.#inputCap) >>> 0;
		}
		this.#bind();
		return this.inputAt;
	}

	// ---- writing a record for the encoder ----

	beginWrite(): void {
		this.#bind();
		this.at = FIRST;
		this.strings = 0;
	}

	wF(v: number): void {
		if (this.at >= SLOTS) throw new EncodeError("message has too many fields for one encode");
		this.#table[this.at++] = v;
	}

	wU62(v: U62): void {
		if (typeof v === "number") {
			if (!Number.isInteger(v) || v < 0) throw new EncodeError(`not a u62: ${v}`);
			if (v <= MAX_SAFE) return this.wF(v);
			v = BigInt(v);
		} else if (typeof v !== "bigint" || v < 0n) {
			throw new EncodeError(`not a u62: ${String(v)}`);
		}
		if (v <= BigInt(MAX_SAFE)) return this.wF(Number(v));
		// The core rejects 2^62 and above; only values the u64 twin cannot hold are stopped here.
		if (v >= U64_LIMIT) throw new BoundsExceededError(`value above 2^62-1: ${v}`);
		if (this.at < SLOTS) this.#big[this.at] = v;
		this.wF(Codec.big);
	}

	/** A `number` field: a non-negative safe integer. */
	wNum(v: number): void {
		if (!Number.isSafeInteger(v) || v < 0) throw new EncodeError(`not a non-negative safe integer: ${v}`);
		this.wF(v);
	}

	wU8(v: number): void {
		if (!Number.isInteger(v) || v < 0 || v > 255) throw new EncodeError(`not a u8: ${v}`);
		this.wF(v);
	}

	wBool(v: boolean): void {
		this.wF(v ? 1 : 0);
	}

	/** `opt` fields: Codec.absent (NaN) = absent. */
	wOpt(v: U62 | undefined): void {
		if (v === undefined) this.wF(Codec.absent);
		else this.wU62(v);
	}

	/** Strings go straight into WASM memory; lone surrogates become U+FFFD as TextEncoder defines. */
	wStr(s: string): void {
		const n = s.length;
		const at = this.inputArea(this.strings + n * 3) + this.strings;
		const u8 = this.#u8;
		// A short ASCII string (paths, track names) is copied by hand (ASCII_BY_HAND); anything else, whole by encodeInto.
		let i = 0;
		if (n <= ASCII_BY_HAND) {
			for (; i < n; i++) {
				const ch = s.charCodeAt(i);
				if (ch >= 0x80) break;
				u8[at + i] = ch;
			}
		}
		const written = i === n ? n : encoder.encodeInto(s, u8.subarray(at, at + n * 3)).written;
		this.wF(this.strings);
		this.wF(written);
		this.strings += written;
	}

	wBytes(b: Uint8Array): void {
		const at = this.inputArea(this.strings + b.byteLength) + this.strings;
		this.#u8.set(b, at);
		this.wF(this.strings);
		this.wF(b.byteLength);
		this.strings += b.byteLength;
	}

	// ---- reading a decoded record ----

	beginRead(): void {
		this.#bind();
		this.at = FIRST;
	}

	rF(): number {
		return this.#table[this.at++]!;
	}

	rU62(): U62 {
		const f = this.#table[this.at]!;
		const v = f === Codec.big ? this.#big[this.at]! : f;
		this.at++;
		return v;
	}

	/** A `number` field; above 2^53-1 it cannot be represented, so it is refused rather than rounded. */
	rNum(): number {
		const f = this.rF();
		if (f === Codec.big) throw new BoundsExceededError("value above 2^53-1 in a number field");
		return f;
	}

	rU8(): number {
		return this.rF();
	}

	rBool(): boolean {
		return this.rF() === 1;
	}

	rOpt(): U62 | undefined {
		if (Number.isNaN(this.#table[this.at])) {
			this.at++;
			return undefined;
		}
		return this.rU62();
	}

	/** A `number` field the version may lack (Codec.absent slot). */
	rNumOrAbsent(): number | undefined {
		if (Number.isNaN(this.#table[this.at])) {
			this.at++;
			return undefined;
		}
		return this.rNum();
	}

	rSkip(n: number): void {
		this.at += n;
	}

	rStr(): string {
		const at = this.inputAt + this.rF();
		const len = this.rF();
		try {
			return decoder.decode(this.#u8.subarray(at, at + len));
		} catch {
			throw new DecodeError("string is not valid UTF-8");
		}
	}

	/** Paths are normalized on decode as both references do (spec §2.5); already-normal ones are untouched. */
	rPath(): string {
		const s = this.rStr();
		if (s.startsWith("/") || s.endsWith("/") || s.includes("//")) return normalizePath(s); // the core checked the segment count
		return s;
	}

	rBytes(): Uint8Array {
		const at = this.inputAt + this.rF();
		const len = this.rF();
		return this.#u8.slice(at, at + len);
	}
}

/** The codec exports of `engine`. */
export function core(engine: Engine = defaultEngine()): CodecExports {
	return engine.codec.exports;
}

/** `engine`'s WASM input area with room for `size` bytes (see Cursor.inputArea). */
export function inputArea(size: number, engine: Engine = defaultEngine()): number {
	return engine.codec.inputArea(size);
}

/** `engine`'s linear memory as bytes, current after any growth. */
export function memory(engine: Engine = defaultEngine()): Uint8Array {
	return engine.codec.memory();
}
