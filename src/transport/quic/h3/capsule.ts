// Capsules on the CONNECT stream (RFC 9297), carried in HTTP/3 DATA frames: WT_CLOSE_SESSION ends the session with
// a 32-bit code and a reason (draft-ietf-webtrans-http3 §6); anything else is skipped.
import { concat, readVarint } from "../varint.js";
import { Frame, frame } from "./frames.js";

export const CLOSE_SESSION = 0x2843;
/** The draft caps close reasons at 1024 bytes of UTF-8. */
const MAX_REASON = 1024;

export function closeCapsuleFrame(code: number, reason: string): Uint8Array {
	const text = Buffer.from(reason, "utf8").subarray(0, MAX_REASON);
	const payload = new Uint8Array(4 + text.length);
	new DataView(payload.buffer).setUint32(0, code >>> 0);
	payload.set(text, 4);
	return frame(Frame.Data, concat(CLOSE_SESSION, payload.length, payload));
}

/** Splits whole capsules off the front of `bytes` (DATA payloads joined); returns them and the unparsed rest. */
export function parseCapsules(bytes: Uint8Array): { capsules: { type: number; payload: Uint8Array }[]; rest: Uint8Array } {
	const capsules: { type: number; payload: Uint8Array }[] = [];
	let offset = 0;
	for (;;) {
		const type = readVarint(bytes, offset);
		const size = type && readVarint(bytes, type[1]);
		if (!type || !size || size[1] + size[0] > bytes.length) break;
		capsules.push({ type: type[0], payload: bytes.subarray(size[1], size[1] + size[0]) });
		offset = size[1] + size[0];
	}
	return { capsules, rest: bytes.subarray(offset) };
}

export function decodeClose(payload: Uint8Array): { closeCode: number; reason: string } {
	if (payload.length < 4) throw new RangeError("WT_CLOSE_SESSION capsule shorter than its code");
	const closeCode = new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0);
	return { closeCode, reason: new TextDecoder().decode(payload.subarray(4)) };
}
