// Spec §3.13 vectors: byte-exact encoding, decoding back, and truncation at every byte offset.
import { describe, expect, it } from "vitest";
import { decodeDatagram, Decoder, encodeDatagram, encodeVarint, type Frame, FrameEncoder, type Version } from "../../src/codec/index.js";
import { DecodeError, MoqError, WrongSizeError } from "../../src/error.js";
import { encodeMessage } from "./encoders.js";
import { concat, hex, unhex } from "./helpers.js";
import { DATAGRAM_VECTOR, type Item, VECTORS } from "./spec-vectors.js";
import { VECTORS_06, WIP_06 } from "./spec-vectors-06.js";
import { VECTORS_LEGACY } from "./spec-vectors-legacy.js";

const vname = (v: Version) => `lite-0${v & 0xff}`;

/** Encoded pieces per item; frames give (header, payload) pairs so cut points can be classified. */
interface Segment {
	start: number;
	end: number;
	/** Frames only: end of the header and of the timestamp varint (05). */
	headerEnd?: number;
	stampEnd?: number;
}

function encodeItems(items: Item[], v: Version): { bytes: Uint8Array; segments: Segment[] } {
	const parts: Uint8Array[] = [];
	const segments: Segment[] = [];
	let at = 0;
	const add = (b: Uint8Array) => {
		parts.push(b);
		at += b.byteLength;
	};
	for (const it of items) {
		if ("varint" in it) {
			const start = at;
			add(encodeVarint(it.varint));
			segments.push({ start, end: at });
		} else if ("kind" in it) {
			const start = at;
			add(encodeMessage(it.kind, it.msg as never, v));
			segments.push({ start, end: at });
		} else {
			const fe = new FrameEncoder(v);
			for (const f of it.frames) {
				const start = at;
				const header = fe.header(f.timestamp, f.payload.byteLength);
				const sizeLen = encodeVarint(f.payload.byteLength).byteLength;
				add(header);
				add(f.payload);
				segments.push({ start, end: at, headerEnd: start + header.byteLength, stampEnd: start + header.byteLength - sizeLen });
			}
		}
	}
	return { bytes: concat(parts), segments };
}

const plain = (frames: readonly Frame[]) => frames.map((f) => ({ timestamp: f.timestamp, payload: hex(f.payload) }));

/** Decodes as far as the queued bytes allow, checking each item the moment it completes. */
function drive(d: Decoder, items: Item[], v: Version, p: { index: number; frames: Frame[] }): void {
	while (p.index < items.length) {
		const it = items[p.index]!;
		if ("varint" in it) {
			const got = d.varint();
			if (got === undefined) return;
			expect(got).toBe(it.varint);
		} else if ("kind" in it) {
			const got = d.message(it.kind, v);
			if (got === undefined) return;
			expect(got).toEqual(it.msg);
		} else {
			for (const f of d.frames(v)) p.frames.push({ ...f, payload: f.payload.slice() });
			expect(plain(p.frames)).toEqual(plain(it.frames.slice(0, p.frames.length)));
			if (p.frames.length < it.frames.length) return;
		}
		p.index++;
	}
}

/** What finish() must do when the stream ends after `k` bytes. */
function expectedFinish(segments: Segment[], k: number): number | undefined {
	const seg = segments.find((s) => k > s.start && k < s.end);
	if (seg === undefined) return undefined;
	if (seg.headerEnd === undefined) return new DecodeError("").code;
	if (k === seg.stampEnd && seg.stampEnd < seg.headerEnd) return undefined; // FIN right after a timestamp
	return k < seg.headerEnd ? new DecodeError("").code : new WrongSizeError().code;
}

describe("spec §3.13 and moq-lite-versions §4.1, §4.2 vectors", () => {
	for (const vec of [...VECTORS, ...VECTORS_06, ...VECTORS_LEGACY]) {
		for (const v of vec.versions) {
			describe(`${vec.name} [${vname(v)}]`, () => {
				const { bytes, segments } = encodeItems(vec.items, v);

				it("encodes byte-exact", () => {
					expect(hex(bytes)).toBe(hex(unhex(vec.hex)));
				});

				it("decodes back in one chunk", () => {
					const d = new Decoder();
					d.push(unhex(vec.hex));
					const p = { index: 0, frames: [] as Frame[] };
					drive(d, vec.items, v, p);
					expect(p.index).toBe(vec.items.length);
					expect(d.buffered).toBe(0);
					d.finish();
				});

				it("truncated at every offset: waits, finish() names the cut, the rest completes it", () => {
					const wire = unhex(vec.hex);
					for (let k = 0; k < wire.byteLength; k++) {
						const d = new Decoder();
						d.push(wire.slice(0, k));
						const p = { index: 0, frames: [] as Frame[] };
						drive(d, vec.items, v, p);
						expect(p.index).toBeLessThan(vec.items.length);
						const code = expectedFinish(segments, k);
						if (code === undefined) {
							expect(() => d.finish()).not.toThrow();
						} else {
							let err: unknown;
							try {
								d.finish();
							} catch (e) {
								err = e;
							}
							expect(err, `cut at ${k}`).toBeInstanceOf(MoqError);
							expect((err as MoqError).code, `cut at ${k}`).toBe(code);
						}
						d.push(wire.slice(k));
						drive(d, vec.items, v, p);
						expect(p.index, `cut at ${k}`).toBe(vec.items.length);
						d.finish();
					}
				});
			});
		}
	}

	describe(DATAGRAM_VECTOR.name, () => {
		const v = 0xff0dad05 as Version;
		it("encodes byte-exact and decodes back", () => {
			expect(hex(encodeDatagram(DATAGRAM_VECTOR.datagram, v))).toBe(DATAGRAM_VECTOR.hex);
			const got = decodeDatagram(unhex(DATAGRAM_VECTOR.hex), v);
			expect({ ...got, payload: hex(got.payload) }).toEqual({ ...DATAGRAM_VECTOR.datagram, payload: "77 6f 72 6c 64" });
		});
	});
});

describe("moq-lite-versions §4.3: 06-wip is not 06", () => {
	for (const w of WIP_06) {
		it(`${w.name} is refused on moq-lite-06`, () => {
			const d = new Decoder();
			d.push(unhex(w.hex));
			expect(() => d.message(w.kind, 0xff0dad06 as Version)).toThrow(DecodeError);
		});
	}
});
