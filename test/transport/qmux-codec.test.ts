// The QMux codec against byte vectors: RFC 9000's varint examples (§A.1), the QMux frame types of
// draft-ietf-quic-qmux (QX_TRANSPORT_PARAMETERS 0x3f5153300d0a0d0a, max_record_size 0x0571c59429cd0845) and
// QUIC v1 frame layouts, decoded and encoded; malformed input is a QmuxError with the transport code.
import { describe, expect, it } from "vitest";
import { QmuxError, TransportCode } from "../../src/transport/qmux/errors.js";
import { decodeMessage, encodeClose, encodeMaxData, encodeParametersFrame, encodeResetStream, encodeStopSending, type FrameSink, writeStreamHeader } from "../../src/transport/qmux/frames.js";
import { DEFAULT_PARAMETERS, decodeParameters } from "../../src/transport/qmux/params.js";
import { Cursor, writeVarint } from "../../src/transport/qmux/varint.js";
import { wireOf } from "../../src/transport/qmux/wire.js";

const hex = (s: string) => Uint8Array.from(s.replace(/\s/g, "").match(/../g)!.map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const Q1 = wireOf("qmux-01.moq-lite-05");
const Q2 = wireOf("qmux-02.moq-lite-05");
const LEGACY = wireOf("");

/** Every frame decoded, as plain records. */
function frames(bytes: Uint8Array, wire = Q1): unknown[] {
	const out: unknown[] = [];
	const sink: FrameSink = {
		stream: (id, offset, data, fin) => out.push({ stream: id, offset, data: toHex(data), fin }),
		resetStream: (id, code, finalSize) => out.push({ reset: id, code, finalSize }),
		stopSending: (id, code) => out.push({ stop: id, code }),
		connectionClose: (application, code, reason) => out.push({ close: code, application, reason }),
		maxData: (max) => out.push({ maxData: max }),
		maxStreamData: (id, max) => out.push({ maxStreamData: id, max }),
		maxStreams: (bidi, max) => out.push({ maxStreams: max, bidi }),
		parameters: (p) => out.push({ parameters: p }),
		ping: (sequence, response) => out.push({ ping: sequence, response }),
	};
	decodeMessage(wire, bytes, sink);
	return out;
}

function codeOf(fn: () => unknown): number | undefined {
	try {
		fn();
	} catch (err) {
		if (err instanceof QmuxError) return err.code;
		throw err;
	}
	return undefined;
}

describe("qmux codec: varints (RFC 9000 §A.1)", () => {
	const vectors: [string, number][] = [
		["c2197c5eff14e88c", 151288809941952652],
		["9d7f3e7d", 494878333],
		["7bbd", 15293],
		["25", 37],
		["4025", 37],
	];
	for (const [bytes, value] of vectors) {
		it(`${bytes} is ${value}`, () => {
			const c = new Cursor(hex(bytes));
			expect(c.varint()).toBe(value);
			expect(c.remaining).toBe(0);
		});
	}
	it("encodes in the shortest form", () => {
		for (const [bytes, value] of vectors.slice(1, 4)) {
			const buf = new Uint8Array(8);
			expect(toHex(buf.subarray(0, writeVarint(buf, 0, value)))).toBe(bytes);
		}
		const buf = new Uint8Array(8);
		writeVarint(buf, 0, 151288809941952652);
		// Above 2^53 a number is approximate; the top bits survive.
		expect(toHex(buf).slice(0, 10)).toBe("c2197c5eff");
	});
	it("a truncated varint is FRAME_ENCODING_ERROR", () => {
		expect(codeOf(() => new Cursor(hex("9d7f")).varint())).toBe(TransportCode.FrameEncoding);
	});
});

describe("qmux codec: frames", () => {
	it("STREAM with OFF/LEN/FIN bits, several in one record, PADDING skipped", () => {
		// 0x0f: OFF|LEN|FIN, id 2, offset 5, length 3; 0x0a: LEN, id 6, length 1; then PADDING; 0x08: to the end.
		expect(frames(hex("0f 02 05 03 aabbcc  0a 06 01 dd  00 00  08 0a eeff"))).toEqual([
			{ stream: 2, offset: 5, data: "aabbcc", fin: true },
			{ stream: 6, offset: 0, data: "dd", fin: false },
			{ stream: 10, offset: 0, data: "eeff", fin: false },
		]);
	});

	it("encodes a STREAM header: OFF only past offset 0, LEN always, FIN folded into the type", () => {
		const buf = new Uint8Array(32);
		expect(toHex(buf.subarray(0, writeStreamHeader(Q1, buf, 0, 3, 0, 5, true)))).toBe("0b0305");
		expect(toHex(buf.subarray(0, writeStreamHeader(Q1, buf, 0, 7, 300, 2, false)))).toBe("0e07412c02");
		expect(toHex(buf.subarray(0, writeStreamHeader(LEGACY, buf, 0, 7, 300, 2, true)))).toBe("0907");
	});

	it("RESET_STREAM, STOP_SENDING, MAX_DATA, CONNECTION_CLOSE and APPLICATION_CLOSE round-trip", () => {
		expect(toHex(encodeResetStream(Q1, 2, 13, 4))).toBe("04020d04");
		expect(toHex(encodeStopSending(Q1, 6, 7))).toBe("050607");
		expect(toHex(encodeMaxData(1000))).toBe("1043e8");
		// CONNECTION_CLOSE carries the offending frame type (0 here); APPLICATION_CLOSE does not.
		expect(toHex(encodeClose(Q1, false, 0x7, "x"))).toBe("1c07000178");
		expect(toHex(encodeClose(Q1, true, 42, "bye"))).toBe("1d2a03627965");
		expect(frames(hex("04020d04 050607 1043e8 1d2a03627965"))).toEqual([
			{ reset: 2, code: 13, finalSize: 4 },
			{ stop: 6, code: 7 },
			{ maxData: 1000 },
			{ close: 42, application: true, reason: "bye" },
		]);
	});

	it("QX_TRANSPORT_PARAMETERS: 0x3f5153300d0a0d0a, parameters as id/length/value, defaults left out", () => {
		const bytes = encodeParametersFrame({ ...DEFAULT_PARAMETERS, initialMaxData: 1000, initialMaxStreamsUni: 4, resetStreamAt: true });
		// Type (8-byte varint), length 9, initial_max_data (0x04) = 1000, initial_max_streams_uni (0x09) = 4, reset_stream_at (0x1d) empty.
		expect(toHex(bytes)).toBe("ff5153300d0a0d0a" + "09" + "040243e8" + "090104" + "1d00");
		expect(frames(bytes)).toEqual([{ parameters: { ...DEFAULT_PARAMETERS, initialMaxData: 1000, initialMaxStreamsUni: 4, resetStreamAt: true } }]);
	});

	it("max_record_size (0x0571c59429cd0845) below 16382, a repeated or forbidden parameter: TRANSPORT_PARAMETER_ERROR", () => {
		expect(decodeParameters(hex("c571c59429cd0845 04 80004000")).maxRecordSize).toBe(16384);
		expect(codeOf(() => decodeParameters(hex("c571c59429cd0845 02 4000")))).toBe(TransportCode.TransportParameter);
		expect(codeOf(() => decodeParameters(hex("0401 05 0401 06")))).toBe(TransportCode.TransportParameter);
		// stateless_reset_token (0x02) has no meaning without QUIC packets.
		expect(codeOf(() => decodeParameters(hex("02 01 00")))).toBe(TransportCode.TransportParameter);
		// An unknown parameter is skipped.
		expect(decodeParameters(hex("3f 02 aabb 04 01 05")).initialMaxData).toBe(5);
	});

	it("QX_PING request and response (0x348c67529ef8c7bd/be)", () => {
		expect(frames(hex("f48c67529ef8c7bd 07  f48c67529ef8c7be 07"))).toEqual([
			{ ping: 7n, response: false },
			{ ping: 7n, response: true },
		]);
	});

	it("RESET_STREAM_AT (0x24) only on draft-02, read as a plain reset; reliable size past the final size is an error", () => {
		expect(frames(hex("24 02 05 0a 04"), Q2)).toEqual([{ reset: 2, code: 5, finalSize: 10 }]);
		expect(codeOf(() => frames(hex("24 02 05 0a 04"), Q1))).toBe(TransportCode.FrameEncoding);
		expect(codeOf(() => frames(hex("24 02 05 04 0a"), Q2))).toBe(TransportCode.FrameEncoding);
	});

	it("malformed input: unknown types, QUIC-only frames, truncation, DATAGRAM never allowed", () => {
		expect(codeOf(() => frames(hex("21")))).toBe(TransportCode.FrameEncoding);
		// ACK (0x02) and CRYPTO (0x06) belong to QUIC packets.
		expect(codeOf(() => frames(hex("02 00 00 00 00")))).toBe(TransportCode.FrameEncoding);
		expect(codeOf(() => frames(hex("06 00 00")))).toBe(TransportCode.FrameEncoding);
		expect(codeOf(() => frames(hex("0a 02 05 aabb")))).toBe(TransportCode.FrameEncoding);
		expect(codeOf(() => frames(hex("04 02")))).toBe(TransportCode.FrameEncoding);
		expect(codeOf(() => frames(hex("31 01 aa")))).toBe(TransportCode.ProtocolViolation);
	});

	it("the legacy binding (no subprotocol): STREAM runs to the end of the message, close reason too", () => {
		expect(frames(hex("09 02 aabb"), LEGACY)).toEqual([{ stream: 2, offset: -1, data: "aabb", fin: true }]);
		expect(frames(hex("1d 2a 627965"), LEGACY)).toEqual([{ close: 42, application: true, reason: "bye" }]);
		expect(codeOf(() => frames(hex("10 00"), LEGACY))).toBe(TransportCode.FrameEncoding);
	});
});
