// One encode = TS writes the record into the engine's slot table (strings straight into WASM memory), one WASM
// call writes the wire bytes, TS copies them out into a fresh buffer that is never reused.
import { defaultEngine, type Engine } from "../wasm/engine.js";
import { reasonError } from "./errors.js";
import { versionByte } from "./kinds.js";
import type { Version } from "./types.js";
import { type Cursor, H_AUX } from "./wasm.js";

/** Writes one record on a cursor. */
export type RecordWriter<T> = (c: Cursor, msg: T) => void;

/** Encodes on `engine` (default: the process's default engine) and returns the length; the bytes sit at
 * `c.header(H_AUX)` of that engine's cursor until its next codec call. */
export function encodeInPlace<T>(kind: number, version: Version, write: RecordWriter<T>, msg: T, what: string, engine: Engine = defaultEngine()): number {
	const v = versionByte(version);
	const c = engine.codec;
	c.beginWrite();
	write(c, msg);
	const len = c.exports.encodeMessage(kind, v, c.at, c.strings);
	if (len < 0) throw reasonError(-len, what);
	return len;
}

export function encodeWith<T>(kind: number, version: Version, write: RecordWriter<T>, msg: T, what: string, engine: Engine = defaultEngine()): Uint8Array {
	const len = encodeInPlace(kind, version, write, msg, what, engine);
	const c = engine.codec;
	const at = c.header(H_AUX);
	return c.memory().slice(at, at + len);
}
