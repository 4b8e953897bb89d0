// Strings are written into WASM memory by hand when short and ASCII, by TextEncoder otherwise (src/codec/wasm.ts
// wStr): both paths must give TextEncoder's bytes, lone surrogates as U+FFFD included, at every length around the cut.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeSubscribe, Version } from "../../src/codec/index.js";

const V = Version.Lite05;
const utf8 = new TextEncoder();

/** The bytes TextEncoder gives `track` inside a SUBSCRIBE whose other fields are fixed. */
function expected(track: string): Uint8Array {
	const base = encodeSubscribe({ id: 1, broadcast: "b", track: "", priority: 0, ordered: false, maxLatency: 0 }, V);
	const t = utf8.encode(track);
	// Layout: size, id, broadcast (len, "b"), track (len, bytes), the rest; only the size and the track differ.
	const head = base.subarray(1, 4);
	const tail = base.subarray(5);
	const body = [...head, ...varint(t.byteLength), ...t, ...tail];
	return Uint8Array.from([...varint(body.length), ...body]);
}

function varint(n: number): number[] {
	if (n < 64) return [n];
	if (n < 16384) return [0x40 | (n >> 8), n & 0xff];
	return [0x80 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

function encoded(track: string): Uint8Array {
	return encodeSubscribe({ id: 1, broadcast: "b", track, priority: 0, ordered: false, maxLatency: 0 }, V);
}

describe("string fields", () => {
	it("ASCII at the lengths around the by-hand limit, and one non-ASCII character at the start, middle or end", () => {
		for (const n of [0, 1, 63, 64, 255, 256, 257, 1000]) {
			const ascii = "a".repeat(n);
			expect(encoded(ascii)).toEqual(expected(ascii));
			for (const at of [0, n >> 1, n]) {
				const mixed = `${ascii.slice(0, at)}é${ascii.slice(at)}`;
				expect(encoded(mixed)).toEqual(expected(mixed));
			}
		}
	});

	it("lone surrogates become U+FFFD, as TextEncoder writes them", () => {
		for (const s of ["\uD800", "a\uDC00b", "ab\uD83D"]) expect(encoded(s)).toEqual(expected(s));
	});

	it("any string: the same bytes as TextEncoder", () => {
		fc.assert(
			fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ maxLength: 300 }), fc.string({ unit: fc.constantFrom("a", "\uD800", "\u00e9", "\u4e2d"), maxLength: 20 })), (s) => {
				expect(encoded(s)).toEqual(expected(s));
			}),
			{ numRuns: 500 },
		);
	});
});
