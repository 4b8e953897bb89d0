// Datagrams (spec §3.8, 05+): a varint header, then the payload to the end. Only the header enters WASM.
import { reasonError } from "./errors.js";
import { encodeInPlace } from "./encode.js";
import { Code, versionByte } from "./kinds.js";
import type { Datagram, Version } from "./types.js";
import { beginRead, core, H_AUX, H_REASON, header, inputArea, memory, rF, rNum, rU62, wNum, wU62 } from "./wasm.js";

// Three varints of at most 8 bytes each.
const HEADER_MAX = 24;

function writeDatagramHeader(d: Datagram): void {
	wU62(d.subscribeId);
	wU62(d.sequence);
	wNum(d.timestamp);
}

export function encodeDatagram(d: Datagram, version: Version): Uint8Array {
	const len = encodeInPlace(Code.datagramHeader, version, writeDatagramHeader, d, "datagram");
	const at = header(H_AUX);
	const out = new Uint8Array(len + d.payload.byteLength);
	out.set(memory().subarray(at, at + len));
	out.set(d.payload, len);
	return out;
}

/** The payload is a view of `bytes`. */
export function decodeDatagram(bytes: Uint8Array, version: Version): Datagram {
	const v = versionByte(version);
	const len = Math.min(bytes.byteLength, HEADER_MAX);
	const at = inputArea(len); // may grow memory: take the view after it
	memory().set(bytes.subarray(0, len), at);
	if (core().decodeDatagram(v, len) === 0) throw reasonError(header(H_REASON), "datagram");
	beginRead();
	const subscribeId = rU62();
	const sequence = rU62();
	const timestamp = rNum();
	return { subscribeId, sequence, timestamp, payload: bytes.subarray(rF()) };
}
