// Strings are written into WASM memory by hand when short and ASCII, by TextEncoder otherwise (src/codec/wasm.ts
// wStr): both paths must give TextEncoder's bytes, at every length around the cut, lone surrogates as U+FFFD.
// The oracle is the strict (fatal) decoder: it reads back exactly the well-formed form of what was written.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decoder, encodeSubscribe, Version } from "../../src/codec/index.js";

const V = Version.Lite05;
const wellFormed = (s: string) => new TextDecoder().decode(new TextEncoder().encode(s));

/** The track name a SUBSCRIBE carrying `track` decodes to. */
function roundTrip(track: string): string {
	const d = new Decoder();
	d.push(encodeSubscribe({ id: 1, broadcast: "b", track, priority: 0, ordered: false, maxLatency: 0 }, V));
	return d.message("subscribe", V)!.track;
}

describe("string fields", () => {
	it("ASCII at the lengths around the by-hand limit, and one non-ASCII character at its start, middle or end", () => {
		for (const n of [0, 1, 31, 32, 33, 64, 1000]) {
			const ascii = "abcdefgh/".repeat(112).slice(0, n);
			expect(roundTrip(ascii)).toBe(ascii);
			for (const at of [0, n >> 1, n]) {
				const mixed = `${ascii.slice(0, at)}é${ascii.slice(at)}`;
				expect(roundTrip(mixed)).toBe(mixed);
			}
		}
	});

	it("lone surrogates become U+FFFD, as TextEncoder writes them", () => {
		for (const s of ["\uD800", "a\uDC00b", "ab\uD83D"]) expect(roundTrip(s)).toBe(wellFormed(s));
	});

	it("any string reads back as its well-formed form", () => {
		const unit = fc.constantFrom("a", "/", "\uD800", "\u00e9", "\u4e2d");
		const strings = fc.oneof(fc.string({ unit: "binary", maxLength: 80 }), fc.string({ maxLength: 80 }), fc.string({ unit, maxLength: 40 }));
		fc.assert(fc.property(strings, (s) => {
			expect(roundTrip(s)).toBe(wellFormed(s));
		}), { numRuns: 500 });
	});
});
