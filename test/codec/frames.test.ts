// GROUP/FETCH frames: zero-copy payloads, arbitrary chunking, timestamps, limits and FIN handling.
import { describe, expect, it } from "vitest";
import { Decoder, encodeGroupHeader, encodeVarint, type Frame, FrameEncoder, MAX_FRAME, Version } from "../../src/codec/index.js";
import { BoundsExceededError, DecodeError, FrameTooLargeError, WrongSizeError } from "../../src/error.js";
import { wasm } from "../../src/wasm/core.js";
import { expectError } from "./errors.js";
import { concat, plainFrames, unhex } from "./helpers.js";

const V05 = Version.Lite05;

function pattern(n: number, seed: number): Uint8Array {
	const b = new Uint8Array(n);
	for (let i = 0; i < n; i++) b[i] = (seed + i * 7) & 0xff;
	return b;
}

function encodeFrames(frames: readonly Frame[], v: Version): Uint8Array {
	const fe = new FrameEncoder(v);
	return concat(frames.flatMap((f) => [fe.header(f.timestamp, f.payload.byteLength), f.payload]));
}

function decodeChunks(chunks: readonly Uint8Array[], v: Version): Frame[] {
	const d = new Decoder();
	const out: Frame[] = [];
	for (const c of chunks) {
		d.push(c);
		out.push(...d.frames(v));
	}
	d.finish();
	return out;
}

const SAMPLE: Frame[] = [
	{ timestamp: 1000, payload: pattern(3, 1) },
	{ timestamp: 400, payload: new Uint8Array(0) },
	{ timestamp: -20, payload: pattern(70, 2) },
	{ timestamp: -20, payload: pattern(1, 3) },
	{ timestamp: 2 ** 40, payload: pattern(300, 4) },
	{ timestamp: 0, payload: new Uint8Array(0) },
];

describe("frames", () => {
	it("payloads inside one chunk are views of it, never copies", () => {
		const wire = encodeFrames(SAMPLE, V05);
		const frames = decodeChunks([wire], V05);
		expect(plainFrames(frames)).toEqual(plainFrames(SAMPLE));
		// Empty payloads own no bytes of the chunk, so only non-empty ones are checked.
		for (const f of frames) if (f.payload.byteLength > 0) expect(f.payload.buffer).toBe(wire.buffer);
	});

	it("decodes from a split at every offset, and from single bytes", () => {
		const wire = encodeFrames(SAMPLE, V05);
		for (let k = 0; k <= wire.byteLength; k++) {
			const frames = decodeChunks([wire.slice(0, k), wire.slice(k)], V05);
			expect(plainFrames(frames), `split at ${k}`).toEqual(plainFrames(SAMPLE));
		}
		const bytes = Array.from(wire, (b) => new Uint8Array([b]));
		expect(plainFrames(decodeChunks(bytes, V05))).toEqual(plainFrames(SAMPLE));
	});

	it("one frame at a time gives the same frames", () => {
		const d = new Decoder();
		d.push(encodeFrames(SAMPLE, V05));
		const out: Frame[] = [];
		for (let f = d.frame(V05); f !== undefined; f = d.frame(V05)) out.push(f);
		expect(plainFrames(out)).toEqual(plainFrames(SAMPLE));
	});

	it("negative deltas travel zigzag-coded (spec §2.6 examples)", () => {
		const fe = new FrameEncoder(V05);
		expect(fe.header(1000, 0)).toEqual(unhex("47 d0 00"));
		expect(fe.header(967, 0)).toEqual(unhex("40 41 00"));
		expect(fe.header(966, 0)).toEqual(unhex("01 00"));
		expect(fe.header(-5, 1)).toEqual(unhex("47 95 01")); // delta -971 -> 1941
		expect(plainFrames(decodeChunks([unhex("47 d0 00 40 41 00 01 00")], V05))).toEqual(
			plainFrames([
				{ timestamp: 1000, payload: new Uint8Array(0) },
				{ timestamp: 967, payload: new Uint8Array(0) },
				{ timestamp: 966, payload: new Uint8Array(0) },
			]),
		);
	});

	it("a zero-frame group: header then FIN", () => {
		const d = new Decoder();
		d.push(concat([encodeVarint(0), encodeGroupHeader({ subscribeId: 1, sequence: 2 }, V05)]));
		expect(d.varint()).toBe(0);
		expect(d.message("group", V05)).toEqual({ subscribeId: 1, sequence: 2 });
		expect(d.frames(V05)).toEqual([]);
		d.finish();
	});

	it("a mix of 1 B / 1 KB / 64 KB frames in 16 KB chunks: views where possible, joined only across chunks", () => {
		const sizes = [1, 1024, 65536, 1, 1, 1024, 65536, 1024, 1];
		const frames = sizes.map((n, i) => ({ timestamp: i * 33, payload: pattern(n, i) }));
		const wire = encodeFrames(frames, V05);
		const chunks: Uint8Array[] = [];
		for (let at = 0; at < wire.byteLength; at += 16384) chunks.push(wire.slice(at, at + 16384));
		const got = decodeChunks(chunks, V05);
		expect(plainFrames(got)).toEqual(plainFrames(frames));
		for (const f of got) {
			const owner = chunks.find((c) => c.buffer === f.payload.buffer);
			// A payload is either a view of exactly one received chunk, or (spanning chunks) its own copy.
			if (owner === undefined) expect(f.payload.byteLength).toBeGreaterThan(0);
			else expect(f.payload.byteOffset + f.payload.byteLength).toBeLessThanOrEqual(owner.byteOffset + owner.byteLength);
		}
		expect(got.filter((f) => chunks.some((c) => c.buffer === f.payload.buffer)).length).toBeGreaterThan(sizes.length / 2);
	});

	it("many tiny frames decode in one call each window", () => {
		const frames = Array.from({ length: 5000 }, (_, i) => ({ timestamp: i, payload: pattern(1, i) }));
		expect(plainFrames(decodeChunks([encodeFrames(frames, V05)], V05))).toEqual(plainFrames(frames));
	});

	it("03/04 frames have no timestamps", () => {
		const frames = [{ payload: pattern(5, 1) }, { payload: new Uint8Array(0) }];
		expect(plainFrames(decodeChunks([encodeFrames(frames, Version.Lite04)], Version.Lite04))).toEqual(plainFrames(frames));
	});

	it("frame size limit: 32 MiB passes, above it -> FrameTooLarge (27) both ways, even for 2^62-1 claims", () => {
		const fe = new FrameEncoder(V05);
		const header = fe.header(0, MAX_FRAME);
		const d = new Decoder();
		d.push(header);
		expect(d.frames(V05)).toEqual([]);
		expect(d.buffered).toBe(header.byteLength);
		expectError(() => new FrameEncoder(V05).header(0, MAX_FRAME + 1), FrameTooLargeError);
		const big = new Decoder();
		big.push(unhex("00 ff ff ff ff ff ff ff ff"));
		expectError(() => big.frames(V05), FrameTooLargeError);
		const old = new Decoder();
		old.push(concat([encodeVarint(MAX_FRAME + 1)]));
		expectError(() => old.frames(Version.Lite03), FrameTooLargeError);
	});

	it("frames before a bad one are delivered first; the bad one throws on the next call", () => {
		const d = new Decoder();
		d.push(concat([encodeFrames([{ timestamp: 1, payload: pattern(2, 0) }], V05), unhex("00 ff ff ff ff ff ff ff ff")]));
		expect(d.frames(V05)).toHaveLength(1);
		expectError(() => d.frames(V05), FrameTooLargeError);
	});

	it("running timestamps beyond 2^53-1 -> BoundsExceeded (11)", () => {
		const d = new Decoder();
		const near = new FrameEncoder(V05).header(Number.MAX_SAFE_INTEGER, 0);
		d.push(concat([near, near]));
		// The first frame is whole and valid: it is handed out; the overflowing one throws on the next call.
		expect(d.frames(V05).map((f) => f.timestamp)).toEqual([Number.MAX_SAFE_INTEGER]);
		expectError(() => d.frames(V05), BoundsExceededError);
		const one = new Decoder();
		one.push(concat([near, near]));
		expect(one.frame(V05)?.timestamp).toBe(Number.MAX_SAFE_INTEGER);
		expectError(() => one.frame(V05), BoundsExceededError);
	});

	it("finish(): payload cut -> WrongSize (14); size varint cut -> Decode (5); FIN after a timestamp is clean", () => {
		const cutPayload = new Decoder();
		cutPayload.push(unhex("47 d0 02 68"));
		expect(cutPayload.frames(V05)).toEqual([]);
		expectError(() => cutPayload.finish(), WrongSizeError);

		const cutSize = new Decoder();
		cutSize.push(unhex("47 d0 40"));
		expect(cutSize.frames(V05)).toEqual([]);
		expectError(() => cutSize.finish(), DecodeError);

		const cutStamp = new Decoder();
		cutStamp.push(unhex("47"));
		cutStamp.frames(V05);
		expectError(() => cutStamp.finish(), DecodeError);

		const afterStamp = new Decoder();
		afterStamp.push(unhex("47 d0"));
		expect(afterStamp.frames(V05)).toEqual([]);
		afterStamp.finish();

		const message = new Decoder();
		message.push(unhex("02 00"));
		expect(message.message("group", V05)).toBeUndefined();
		expectError(() => message.finish(), DecodeError);
	});

	it("payload bytes never enter WASM: an 8 MiB frame does not grow linear memory", () => {
		const payload = pattern(8 << 20, 5);
		const wire = encodeFrames([{ timestamp: 1, payload }], V05);
		const before = wasm<object>().memory.buffer.byteLength;
		const [frame] = decodeChunks([wire], V05);
		expect(wasm<object>().memory.buffer.byteLength).toBe(before);
		expect(frame!.payload.buffer).toBe(wire.buffer);
		expect(frame!.payload.byteLength).toBe(payload.byteLength);
	});

	it("encoders hand out a fresh buffer every time, never overwritten by later encodes", () => {
		const fe = new FrameEncoder(V05);
		const a = fe.header(1, 1);
		const b = fe.header(2, 2);
		expect(a.buffer).not.toBe(b.buffer);
		expect(a).toEqual(unhex("02 01"));
		expect(b).toEqual(unhex("02 02"));
		const g1 = encodeGroupHeader({ subscribeId: 1, sequence: 2 }, V05);
		const g2 = encodeGroupHeader({ subscribeId: 3, sequence: 4 }, V05);
		expect(g1).toEqual(unhex("02 01 02"));
		expect(g2).toEqual(unhex("02 03 04"));
	});
});
