// HTTP/3 frames and stream types (RFC 9114 §6.2, §7.2) and the WebTransport stream signals
// (draft-ietf-webtrans-http3 §4.2-4.3), as far as a WebTransport endpoint needs them.
import type { StreamReader } from "../reader.js";
import { concat } from "../varint.js";

export const Frame = { Data: 0x00, Headers: 0x01, Settings: 0x04 } as const;

/** First varint of a unidirectional stream. */
export const UniStream = { Control: 0x00, QpackEncoder: 0x02, QpackDecoder: 0x03, WebTransport: 0x54 } as const;

/** First varint of a WebTransport bidirectional stream, where a request stream would start with a frame type. */
export const WEBTRANSPORT_BIDI = 0x41;

/** HTTP/3 error codes we send (RFC 9114 §8.1). */
export const H3Error = {
	NoError: 0x100,
	StreamCreation: 0x103,
	ClosedCriticalStream: 0x104,
	Frame: 0x106,
	RequestRejected: 0x10b,
	/** QPACK_DECOMPRESSION_FAILED (RFC 9204 §6). */
	QpackDecompression: 0x200,
} as const;

/** Frames larger than this on the control or CONNECT stream are refused: nothing we expect comes close. */
export const MAX_FRAME = 64 * 1024;

export function frame(type: number, payload: Uint8Array): Uint8Array {
	return concat(type, payload.byteLength, payload);
}

/** Reserved ("GREASE") frame and stream types, 0x1f * N + 0x21, which receivers skip. */
export function isGrease(type: number): boolean {
	return type >= 0x21 && (type - 0x21) % 0x1f === 0;
}

/** The next frame on a stream, or undefined at a clean FIN. */
export async function readFrame(reader: StreamReader): Promise<{ type: number; payload: Uint8Array } | undefined> {
	const type = await reader.varint();
	if (type === undefined) return undefined;
	const size = await reader.varint();
	if (size === undefined) throw new RangeError("stream ended inside a frame header");
	if (size > MAX_FRAME) throw new RangeError(`HTTP/3 frame 0x${type.toString(16)} of ${size} bytes is too large`);
	return { type, payload: await reader.bytes(size) };
}
