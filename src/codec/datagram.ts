// Datagrams (spec §3.8, 05+): a varint header, then the payload to the end. Only the header enters WASM.
import { reasonError } from "./errors.js";
import { encodeInPlace } from "./encode.js";
import { Code, versionByte } from "./kinds.js";
import type { Datagram, Version } from "./types.js";
import { defaultEngine, type Engine } from "../wasm/engine.js";
import { type Cursor, H_AUX, H_REASON } from "./wasm.js";

// Three varints of at most 8 bytes each.
const HEADER_MAX = 24;

function writeDatagramHeader(c: Cursor, d: Datagram): void {
	c.wU62(d.subscribeId);
	c.wU62(d.sequence);
	c.wNum(d.timestamp);
}

export function encodeDatagram(d: Datagram, version: Version, engine: Engine = defaultEngine()): Uint8Array {
	const len = encodeInPlace(Code.datagramHeader, version, writeDatagramHeader, d, "datagram", engine);
	const c = engine.codec;
	const at = c.header(H_AUX);
	const out = new Uint8Array(len + d.payload.byteLength);
	out.set(c.memory().subarray(at, at + len));
	out.set(d.payload, len);
	return out;
}

/** The payload is a view of `bytes`. */
export function decodeDatagram(bytes: Uint8Array, version: Version, engine: Engine = defaultEngine()): Datagram {
	const v = versionByte(version);
	const c = engine.codec;
	const len = Math.min(bytes.byteLength, HEADER_MAX);
	const at = c.inputArea(len); // may grow memory: take the view after it
	c.memory().set(bytes.subarray(0, len), at);
	if (c.exports.decodeDatagram(v, len) === 0) throw reasonError(c.header(H_REASON), "datagram");
	c.beginRead();
	const subscribeId = c.rU62();
	const sequence = c.rU62();
	const timestamp = c.rNum();
	return { subscribeId, sequence, timestamp, payload: bytes.subarray(c.rF()) };
}
