// QMux frames (draft-ietf-quic-qmux §4: QUIC v1 frames minus those tied to packets, plus QX_TRANSPORT_PARAMETERS
// and QX_PING) and the legacy binding's frames. Decoding calls a sink per frame (no frame objects on the hot path);
// encoding writes into a caller's buffer, or returns a small buffer for a control frame.
import { QmuxError, TransportCode } from "./errors.js";
import { decodeParameters, encodeParameters, type TransportParameters } from "./params.js";
import { Cursor, varintSize, writeVarint, writeVarintBig } from "./varint.js";
import type { Wire } from "./wire.js";

export const FrameType = {
	Padding: 0x00,
	Ping: 0x01,
	ResetStream: 0x04,
	StopSending: 0x05,
	/** 0x08..0x0f: OFF 0x04, LEN 0x02, FIN 0x01. */
	Stream: 0x08,
	MaxData: 0x10,
	MaxStreamData: 0x11,
	MaxStreamsBidi: 0x12,
	MaxStreamsUni: 0x13,
	DataBlocked: 0x14,
	StreamDataBlocked: 0x15,
	StreamsBlockedBidi: 0x16,
	StreamsBlockedUni: 0x17,
	ConnectionClose: 0x1c,
	ApplicationClose: 0x1d,
	ResetStreamAt: 0x24,
	Datagram: 0x30,
	DatagramLen: 0x31,
} as const;

export const QX_TRANSPORT_PARAMETERS = 0x3f5153300d0a0d0an;
export const QX_PING_REQUEST = 0x348c67529ef8c7bdn;
export const QX_PING_RESPONSE = 0x348c67529ef8c7ben;

/** What the connection does with each frame it receives. */
export interface FrameSink {
	stream(id: number, offset: number, data: Uint8Array, fin: boolean): void;
	resetStream(id: number, code: number, finalSize: number): void;
	stopSending(id: number, code: number): void;
	/** CONNECTION_CLOSE (`application` false: the peer saw a transport error) or APPLICATION_CLOSE. */
	connectionClose(application: boolean, code: number, reason: string): void;
	maxData(max: number): void;
	maxStreamData(id: number, max: number): void;
	maxStreams(bidi: boolean, max: number): void;
	parameters(p: TransportParameters): void;
	ping(sequence: bigint, response: boolean): void;
}

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Decodes every frame in one WebSocket message. A malformed frame throws a QmuxError. */
export function decodeMessage(wire: Wire, msg: Uint8Array, sink: FrameSink): void {
	if (!wire.qmux) return decodeLegacy(msg, sink);
	const c = new Cursor(msg);
	while (c.remaining > 0) decodeFrame(wire, c, sink);
}

function decodeFrame(wire: Wire, c: Cursor, sink: FrameSink): void {
	const type = c.buf[c.pos]! >>> 6 === 3 ? c.varintBig() : c.varint();
	if (typeof type === "bigint") {
		if (type === QX_TRANSPORT_PARAMETERS) return sink.parameters(decodeParameters(c.bytes(c.varint())));
		if (type === QX_PING_REQUEST || type === QX_PING_RESPONSE) return sink.ping(c.varintBig(), type === QX_PING_RESPONSE);
		throw new QmuxError(TransportCode.FrameEncoding, `unknown frame type 0x${type.toString(16)}`);
	}
	if (type >= FrameType.Stream && type <= 0x0f) {
		const id = c.varint();
		const offset = type & 0x04 ? c.varint() : 0;
		const data = type & 0x02 ? c.bytes(c.varint()) : c.bytes(c.remaining);
		if (offset + data.byteLength > 2 ** 62 - 1) throw new QmuxError(TransportCode.FrameEncoding, "stream offset beyond 2^62");
		return sink.stream(id, offset, data, (type & 0x01) !== 0);
	}
	switch (type) {
		case FrameType.Padding:
		case FrameType.Ping:
			return;
		case FrameType.ResetStream:
			return sink.resetStream(c.varint(), c.varint(), c.varint());
		case FrameType.ResetStreamAt: {
			if (!wire.strict) break;
			const [id, code, finalSize, reliable] = [c.varint(), c.varint(), c.varint(), c.varint()];
			if (reliable > finalSize) throw new QmuxError(TransportCode.FrameEncoding, "RESET_STREAM_AT reliable size beyond final size");
			// On an ordered, reliable byte stream everything up to the final size has arrived: a plain reset.
			return sink.resetStream(id, code, finalSize);
		}
		case FrameType.StopSending:
			return sink.stopSending(c.varint(), c.varint());
		case FrameType.MaxData:
			return sink.maxData(c.varint());
		case FrameType.MaxStreamData:
			return sink.maxStreamData(c.varint(), c.varint());
		case FrameType.MaxStreamsBidi:
		case FrameType.MaxStreamsUni:
			return sink.maxStreams(type === FrameType.MaxStreamsBidi, c.varint());
		case FrameType.DataBlocked:
		case FrameType.StreamsBlockedBidi:
		case FrameType.StreamsBlockedUni:
			c.varint();
			return;
		case FrameType.StreamDataBlocked:
			c.varint();
			c.varint();
			return;
		case FrameType.ConnectionClose:
		case FrameType.ApplicationClose: {
			const code = c.varint();
			if (type === FrameType.ConnectionClose) c.varint(); // the frame type that caused it
			return sink.connectionClose(type === FrameType.ApplicationClose, code, decoder.decode(c.bytes(c.varint())));
		}
		case FrameType.Datagram:
		case FrameType.DatagramLen:
			// We advertise max_datagram_frame_size 0 (the WebSocket binding carries none).
			throw new QmuxError(TransportCode.ProtocolViolation, "DATAGRAM received, none were allowed");
	}
	throw new QmuxError(TransportCode.FrameEncoding, `unknown or forbidden frame type 0x${type.toString(16)}`);
}

/** The legacy binding: type byte, stream id, and for STREAM the data to the end of the message. */
function decodeLegacy(msg: Uint8Array, sink: FrameSink): void {
	const c = new Cursor(msg);
	const type = c.bytes(1)[0]!;
	switch (type) {
		case 0x08:
		case 0x09:
			return sink.stream(c.varint(), -1, c.bytes(c.remaining), type === 0x09);
		case 0x04:
			return sink.resetStream(c.varint(), c.varint(), -1);
		case 0x05:
			return sink.stopSending(c.varint(), c.varint());
		case 0x1c:
		case 0x1d:
			return sink.connectionClose(type === 0x1d, c.varint(), decoder.decode(c.bytes(c.remaining)));
	}
	throw new QmuxError(TransportCode.FrameEncoding, `unknown frame type 0x${type.toString(16)}`);
}

/** The most bytes a STREAM frame header takes (type, id, offset, length). */
export const MAX_STREAM_HEADER = 1 + 8 + 8 + 8;

/** Writes a STREAM frame header at `at` for `length` bytes of data that follow it; returns the offset after it. */
export function writeStreamHeader(wire: Wire, buf: Uint8Array, at: number, id: number, offset: number, length: number, fin: boolean): number {
	if (!wire.qmux) {
		buf[at] = fin ? 0x09 : 0x08;
		return writeVarint(buf, at + 1, id);
	}
	// OFF only when non-zero, LEN always (a record may carry more frames after it).
	const off = offset > 0;
	buf[at] = FrameType.Stream | (off ? 0x04 : 0) | 0x02 | (fin ? 0x01 : 0);
	at = writeVarint(buf, at + 1, id);
	if (off) at = writeVarint(buf, at, offset);
	return writeVarint(buf, at, length);
}

export function streamHeaderSize(wire: Wire, id: number, offset: number, length: number): number {
	if (!wire.qmux) return 1 + varintSize(id);
	return 1 + varintSize(id) + (offset > 0 ? varintSize(offset) : 0) + varintSize(length);
}

const encoder = new TextEncoder();

function frame(size: number, write: (buf: Uint8Array) => number): Uint8Array {
	const buf = new Uint8Array(size);
	return buf.subarray(0, write(buf));
}

export function encodeResetStream(wire: Wire, id: number, code: number, finalSize: number): Uint8Array {
	return frame(25, (b) => {
		if (!wire.qmux) {
			b[0] = 0x04;
			return writeVarint(b, writeVarint(b, 1, id), code);
		}
		return writeVarint(b, writeVarint(b, writeVarint(b, writeVarint(b, 0, FrameType.ResetStream), id), code), finalSize);
	});
}

export function encodeStopSending(wire: Wire, id: number, code: number): Uint8Array {
	return frame(17, (b) => writeVarint(b, writeVarint(b, wire.qmux ? writeVarint(b, 0, FrameType.StopSending) : ((b[0] = 0x05), 1), id), code));
}

/** CONNECTION_CLOSE (`application` false: a transport error, with frame type 0) or APPLICATION_CLOSE. */
export function encodeClose(wire: Wire, application: boolean, code: number, reason: string): Uint8Array {
	const text = encoder.encode(reason);
	return frame(32 + text.byteLength, (b) => {
		const type = application ? FrameType.ApplicationClose : FrameType.ConnectionClose;
		let at = writeVarint(b, writeVarint(b, 0, type), code);
		if (wire.qmux) {
			if (!application) at = writeVarint(b, at, 0);
			at = writeVarint(b, at, text.byteLength);
		}
		b.set(text, at);
		return at + text.byteLength;
	});
}

export function encodeMaxData(max: number): Uint8Array {
	return frame(9, (b) => writeVarint(b, writeVarint(b, 0, FrameType.MaxData), max));
}

export function encodeMaxStreamData(id: number, max: number): Uint8Array {
	return frame(17, (b) => writeVarint(b, writeVarint(b, writeVarint(b, 0, FrameType.MaxStreamData), id), max));
}

export function encodeMaxStreams(bidi: boolean, max: number): Uint8Array {
	return frame(9, (b) => writeVarint(b, writeVarint(b, 0, bidi ? FrameType.MaxStreamsBidi : FrameType.MaxStreamsUni), max));
}

export function encodeParametersFrame(p: TransportParameters): Uint8Array {
	const body = encodeParameters(p);
	return frame(16 + body.byteLength, (b) => {
		const at = writeVarint(b, writeVarintBig(b, 0, QX_TRANSPORT_PARAMETERS), body.byteLength);
		b.set(body, at);
		return at + body.byteLength;
	});
}

export function encodePingResponse(sequence: bigint): Uint8Array {
	return frame(16, (b) => writeVarintBig(b, writeVarintBig(b, 0, QX_PING_RESPONSE), sequence));
}
