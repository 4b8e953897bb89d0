// One encode = TS writes the record into the slot table (strings straight into WASM memory), one WASM call
// writes the wire bytes, TS copies them out into a fresh buffer that is never reused.
import { reasonError } from "./errors.js";
import { versionByte } from "./kinds.js";
import type { Version } from "./types.js";
import { beginWrite, H_AUX, header, memory, slotsUsed, stringBytes, use } from "./wasm.js";

/** Encodes and returns the length; the bytes sit at `header(H_AUX)` until the next codec call. */
export function encodeInPlace<T>(kind: number, version: Version, write: (msg: T) => void, msg: T, what: string): number {
	const v = versionByte(version);
	const core = use();
	beginWrite();
	write(msg);
	const len = core.encodeMessage(kind, v, slotsUsed(), stringBytes());
	if (len < 0) throw reasonError(-len, what);
	return len;
}

export function encodeWith<T>(kind: number, version: Version, write: (msg: T) => void, msg: T, what: string): Uint8Array {
	const len = encodeInPlace(kind, version, write, msg, what);
	const at = header(H_AUX);
	return memory().slice(at, at + len);
}
