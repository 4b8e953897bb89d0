// Reading inside a message window [rp, rend) and writing at wp. Failures set `reason` and return zero
// values, so decoders read straight through and the framing layer checks once per message.
import { inBase } from "./memory";
import { R_BOOL, R_PATH_PARTS, R_SHORT } from "../contract";
import { fail } from "./reason";
import { getF, putF } from "./slots";
import { viAt, viLen, viPut } from "./varint";

export const MAX_PATH_PARTS: i32 = 32;

export let rp: usize = 0;
export let rend: usize = 0;
export let wp: usize = 0;

/** Skips the rest of the message window (a typed message of a type this version does not define). */
export function skipRest(): void {
	rp = rend;
}

export function setWindow(start: usize, end: usize): void {
	rp = start;
	rend = end;
}

export function setWriter(p: usize): void {
	wp = p;
}

export function readVi(): u64 {
	if (rp >= rend) {
		fail(R_SHORT);
		return 0;
	}
	const n = viLen(load<u8>(rp));
	if (rp + n > rend) {
		fail(R_SHORT);
		rp = rend;
		return 0;
	}
	const v = viAt(rp);
	rp += n;
	return v;
}

export function readU8(): u32 {
	if (rp >= rend) {
		fail(R_SHORT);
		return 0;
	}
	const v = <u32>load<u8>(rp);
	rp++;
	return v;
}

/** Strict like JS: only 0 and 1 (Rust would take any non-zero as true). */
export function readBool(): bool {
	const v = readU8();
	if (v > 1) fail(R_BOOL);
	return v == 1;
}

/** A `str` becomes an (offset, length) slot pair into the input area; TS checks the UTF-8. */
export function readStr(): usize {
	const len = readVi();
	if (<u64>(rend - rp) < len) {
		fail(R_SHORT);
		rp = rend;
		putF(0);
		putF(0);
		return 0;
	}
	const start = rp;
	putF(<f64>(start - inBase));
	putF(<f64>len);
	rp += <usize>len;
	return start;
}

/** Non-empty slash-separated segments: the part count of the normalized path (spec §2.5). */
export function pathParts(p: usize, len: usize): i32 {
	let parts = 0;
	let prevSlash = true;
	for (let i: usize = 0; i < len; i++) {
		const slash = load<u8>(p + i) == 0x2f;
		if (!slash && prevSlash) parts++;
		prevSlash = slash;
	}
	return parts;
}

export function readPath(): void {
	const p = readStr();
	if (p != 0 && pathParts(p, rp - p) > MAX_PATH_PARTS) fail(R_PATH_PARTS);
}

export function writeVi(v: u64): void {
	wp += viPut(wp, v);
}

export function writeU8(v: u32): void {
	store<u8>(wp, <u8>v);
	wp++;
}

export function writeBytes(src: usize, len: usize): void {
	memory.copy(wp, src, len);
	wp += len;
}

/** Writes the `str` whose (offset, length) pair TS put in the next two slots. */
export function writeStr(): void {
	const src = inBase + <usize>getF();
	const len = <usize>getF();
	writeVi(len);
	writeBytes(src, len);
}

export function writePath(): void {
	const src = inBase + <usize>getF();
	const len = <usize>getF();
	if (pathParts(src, len) > MAX_PATH_PARTS) fail(R_PATH_PARTS);
	writeVi(len);
	writeBytes(src, len);
}

/** The `vi type` a typed message puts before its length; -1 for untyped messages. */
export let msgType: i32 = -1;

export function setMsgType(t: i32): void {
	msgType = t;
}
