// QUIC varint boundaries (RFC 9000 §16 / spec §2.1) and exact u62 values above 2^53.
import { describe, expect, it } from "vitest";
import { Decoder, encodeSubscribe, encodeVarint, type U62, Version } from "../../src/codec/index.js";
import { BoundsExceededError, EncodeError } from "../../src/error.js";
import { hex, unhex } from "./helpers.js";

function decodeVarint(bytes: Uint8Array): U62 | undefined {
	const d = new Decoder();
	d.push(bytes);
	return d.varint();
}

describe("varint", () => {
	const cases: [U62, string][] = [
		[0, "00"],
		[37, "25"],
		[63, "3f"],
		[64, "40 40"],
		[15293, "7b bd"],
		[16383, "7f ff"],
		[16384, "80 00 40 00"],
		[494878333, "9d 7f 3e 7d"],
		[2 ** 30 - 1, "bf ff ff ff"],
		[2 ** 30, "c0 00 00 00 40 00 00 00"],
		[Number.MAX_SAFE_INTEGER, "c0 1f ff ff ff ff ff ff"],
		[2n ** 53n, "c0 20 00 00 00 00 00 00"],
		[2n ** 62n - 1n, "ff ff ff ff ff ff ff ff"],
	];
	for (const [v, bytes] of cases) {
		it(`${v} <-> ${bytes}`, () => {
			expect(hex(encodeVarint(v))).toBe(bytes);
			expect(decodeVarint(unhex(bytes))).toBe(v);
		});
	}

	it("accepts both number and bigint forms and always returns the canonical one", () => {
		expect(hex(encodeVarint(64n))).toBe("40 40");
		expect(decodeVarint(encodeVarint(64n))).toBe(64);
		// 2^53 is an exact double: accepted as a number, returned as an exact bigint.
		expect(decodeVarint(encodeVarint(2 ** 53))).toBe(2n ** 53n);
		expect(decodeVarint(encodeVarint(2n ** 53n + 1n))).toBe(2n ** 53n + 1n);
	});

	it("rejects 2^62 and above with BoundsExceeded", () => {
		for (const v of [2n ** 62n, 2n ** 64n, 2n ** 70n, 2 ** 62]) {
			expect(() => encodeVarint(v)).toThrow(BoundsExceededError);
		}
	});

	it("rejects negative and fractional values with EncodeError", () => {
		for (const v of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, -1n]) {
			expect(() => encodeVarint(v)).toThrow(EncodeError);
		}
	});

	it("accepts non-minimal encodings on decode, like Rust", () => {
		expect(decodeVarint(unhex("40 25"))).toBe(37);
		expect(decodeVarint(unhex("c0 00 00 00 00 00 00 25"))).toBe(37);
	});

	it("waits for every missing byte of a long varint", () => {
		const d = new Decoder();
		const bytes = unhex("c0 00 00 00 40 00 00 00");
		for (let i = 0; i < bytes.length - 1; i++) {
			d.push(bytes.subarray(i, i + 1));
			expect(d.varint()).toBeUndefined();
		}
		d.push(bytes.subarray(7));
		expect(d.varint()).toBe(2 ** 30);
	});

	it("u62 fields above 2^53 round-trip exactly as bigint", () => {
		const msg = {
			id: 2n ** 62n - 1n,
			broadcast: "a",
			track: "b",
			priority: 1,
			ordered: true,
			maxLatency: 7,
			startGroup: 2n ** 62n - 2n,
			endGroup: 2n ** 53n + 3n,
		};
		const d = new Decoder();
		d.push(encodeSubscribe(msg, Version.Lite05));
		expect(d.message("subscribe", Version.Lite05)).toEqual(msg);
	});

	it("an opt group of 2^62-1 cannot travel (n+1 would be 2^62)", () => {
		const msg = { id: 0, broadcast: "a", track: "b", priority: 1, ordered: true, maxLatency: 7, startGroup: 2n ** 62n - 1n };
		expect(() => encodeSubscribe(msg, Version.Lite05)).toThrow(BoundsExceededError);
	});
});
