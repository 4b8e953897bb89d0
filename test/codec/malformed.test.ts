// Malformed input and out-of-range values: every failure is a typed error with the spec's wire code.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
	decodeDatagram,
	Decoder,
	encodeAnnounce,
	encodeAnnounceInit,
	encodeAnnounceRequest,
	encodeGoaway,
	encodeLegacySetup,
	encodeProbe,
	encodeSetup,
	encodeSubscribeResponse,
	encodeSubscribeUpdate,
	encodeTrackInfo,
	encodeTrackRequest,
	encodeVarint,
	FrameEncoder,
	type MessageKind,
	Version,
} from "../../src/codec/index.js";
import { BoundsExceededError, DecodeError, EncodeError, MoqError, TooManyParametersError, VersionError } from "../../src/error.js";
import { KIND_VERSIONS } from "./arbitraries.js";
import { expectError } from "./errors.js";
import { concat, hex, unhex, utf8 } from "./helpers.js";

const V03 = Version.Lite03;
const V04 = Version.Lite04;
const V05 = Version.Lite05;

function decode(kind: MessageKind, bytes: Uint8Array, v: Version, options?: { maxMessage?: number }): unknown {
	const d = new Decoder(options);
	d.push(bytes);
	return d.message(kind, v);
}

/** MSG{ body } */
function msg(body: Uint8Array): Uint8Array {
	return concat([encodeVarint(body.byteLength), body]);
}

/** `str` */
function str(s: string | Uint8Array): Uint8Array {
	const b = typeof s === "string" ? utf8(s) : s;
	return concat([encodeVarint(b.byteLength), b]);
}

describe("malformed control messages", () => {
	it("trailing bytes inside the window -> Decode (5)", () => {
		expectError(() => decode("subscribeUpdate", unhex("06 03 00 00 00 00 00"), V05), DecodeError);
		expectError(() => decode("goaway", unhex("02 00 00"), V05), DecodeError);
	});

	it("a field running past the window -> Decode (5)", () => {
		expectError(() => decode("subscribeUpdate", unhex("04 03 00 00 00"), V05), DecodeError);
		expectError(() => decode("goaway", unhex("02 05 61"), V05), DecodeError);
	});

	it("bool8 other than 0/1 -> Decode (5)", () => {
		expectError(() => decode("subscribeUpdate", unhex("05 03 02 00 00 00"), V05), DecodeError);
		expectError(() => decode("trackInfo", unhex("06 00 ff 53 88 43 e8"), V05), DecodeError);
	});

	it("timescale 0 -> Decode (5) on decode, Encode (18) on encode", () => {
		expectError(() => decode("trackInfo", unhex("04 00 00 00 00"), V05), DecodeError);
		expectError(() => encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 0, timescale: 0 }, V05), EncodeError);
	});

	it("paths of more than 32 parts -> BoundsExceeded (11) both ways; 32 parts pass", () => {
		const p32 = Array(32).fill("a").join("/");
		const p33 = `${p32}/a`;
		const ok = encodeAnnounceRequest({ prefix: p32, excludeHop: 0 }, V05);
		expect(decode("announceRequest", ok, V05)).toEqual({ prefix: p32, excludeHop: 0 });
		expectError(() => encodeAnnounceRequest({ prefix: p33, excludeHop: 0 }, V05), BoundsExceededError);
		expectError(() => decode("announceRequest", msg(concat([str(p33), unhex("00")])), V05), BoundsExceededError);
		expectError(() => encodeTrackRequest({ broadcast: p33, track: "t" }, V05), BoundsExceededError);
	});

	it("non-normalized paths decode normalized, counting parts after normalization", () => {
		const got = decode("announceRequest", msg(concat([str("/a//b/"), unhex("00")])), V05);
		expect(got).toEqual({ prefix: "a/b", excludeHop: 0 });
		const slashy = `/${Array(32).fill("a").join("//")}/`;
		expect(decode("track", msg(concat([str(slashy), str("t")])), V05)).toEqual({ broadcast: Array(32).fill("a").join("/"), track: "t" });
	});

	it("more than 32 hops -> BoundsExceeded (11) both ways, also as a 03 count", () => {
		const hops33 = Array.from({ length: 33 }, (_, i) => i);
		expectError(() => encodeAnnounce({ status: 1, suffix: "x", hops: hops33 }, V05), BoundsExceededError);
		const body = concat([unhex("01"), str("x"), new Uint8Array([33, ...hops33])]);
		expectError(() => decode("announce", msg(body), V05), BoundsExceededError);
		// 03 sends only a count: a huge count must not allocate zeros.
		expectError(() => decode("announce", msg(concat([unhex("01"), str("x"), unhex("bf ff ff ff")])), V03), BoundsExceededError);
	});

	it("more than 64 parameters -> TooManyParameters (19) both ways", () => {
		const unknown = new Map(Array.from({ length: 65 }, (_, i) => [100 + i, new Uint8Array(0)] as [number, Uint8Array]));
		expectError(() => encodeSetup({ unknown }, V05), TooManyParametersError);
		const body = concat([new Uint8Array([0x40, 65]), ...Array.from({ length: 65 }, (_, i) => new Uint8Array([0x40, 100 + i, 0]))]);
		expectError(() => decode("setup", msg(body), V05), TooManyParametersError);
		const ok = new Map(Array.from({ length: 64 }, (_, i) => [100 + i, new Uint8Array([i])] as [number, Uint8Array]));
		expect(decode("setup", encodeSetup({ unknown: ok }, V05), V05)).toEqual({ unknown: ok });
	});

	it("duplicate parameter ids -> Decode (5) on decode, Encode (18) on encode", () => {
		expectError(() => decode("setup", unhex("07 02 01 01 01 01 01 02"), V05), DecodeError);
		expectError(() => encodeSetup({ probe: 1, unknown: new Map([[1, new Uint8Array([1])]]) }, V05), EncodeError);
	});

	it("a varint parameter that is not exactly one varint -> Decode (5)", () => {
		expectError(() => decode("setup", unhex("05 01 01 02 01 00"), V05), DecodeError);
		expectError(() => decode("setup", unhex("03 01 01 00"), V05), DecodeError);
	});

	it("SETUP parameter values: unknown probe levels mean Increase, unknown roles Both, origin 0 absent", () => {
		expect(decode("setup", unhex("0a 03 01 01 07 03 01 09 05 01 00"), V05)).toEqual({ probe: 2, role: 0 });
	});

	it("invalid UTF-8 -> Decode (5), never a TypeError", () => {
		expectError(() => decode("goaway", msg(str(unhex("ff fe"))), V05), DecodeError);
		expectError(() => decode("goaway", msg(str(unhex("c3"))), V05), DecodeError);
		expectError(() => decode("track", msg(concat([str("a"), str(unhex("ed a0 80"))])), V05), DecodeError);
	});

	it("a byte-order mark is kept, not stripped", () => {
		expect(decode("goaway", msg(str(unhex("ef bb bf 61"))), V05)).toEqual({ uri: "\ufeffa" });
	});

	it("oversize length prefixes -> BoundsExceeded (11) at once, without waiting or allocating", () => {
		expectError(() => decode("goaway", unhex("ff ff ff ff ff ff ff ff"), V05), BoundsExceededError);
		expectError(() => decode("goaway", unhex("80 01 00 01"), V05), BoundsExceededError);
		expect(decode("goaway", unhex("80 01 00 00"), V05)).toBeUndefined();
		expectError(() => decode("goaway", msg(str("x".repeat(20))), V05, { maxMessage: 10 }), BoundsExceededError);
		expect(decode("goaway", msg(str("x".repeat(20))), V05, { maxMessage: 21 })).toEqual({ uri: "x".repeat(20) });
	});

	it("unknown typed responses and announce statuses -> Decode (5)", () => {
		expectError(() => decode("subscribeResponse", unhex("03 01 00"), V05), DecodeError);
		expectError(() => decode("subscribeResponse", unhex("02 03 01 03 00"), V04), DecodeError);
		expectError(() => decode("announce", unhex("03 03 00 00"), V05), DecodeError);
		expectError(() => decode("announce", unhex("03 02 00 00"), V04), DecodeError);
		expect(decode("announce", unhex("03 02 00 00"), V05)).toEqual({ status: 2, suffix: "", hops: [] });
		expectError(() => encodeAnnounce({ status: 2, suffix: "", hops: [] }, V05), EncodeError);
	});

	it("durations at or above 2^53-1 ms read as no limit (2^53-1), never rounded or refused", () => {
		expect(decode("trackInfo", unhex("0b 00 00 d0 00 00 00 00 00 00 00 01"), V05)).toMatchObject({ latencyMax: Number.MAX_SAFE_INTEGER });
		expect(decode("trackInfo", unhex("0c 00 00 c0 1f ff ff ff ff ff ff 43 e8"), V05)).toMatchObject({ latencyMax: Number.MAX_SAFE_INTEGER });
		expect(decode("subscribeUpdate", unhex("0c 00 00 c0 3f ff ff ff ff ff ff 00 00"), V05)).toMatchObject({ maxLatency: Number.MAX_SAFE_INTEGER });
		expect(hex(encodeTrackInfo({ priority: 0, ordered: false, latencyMax: Number.POSITIVE_INFINITY, timescale: 1000 }, V05))).toBe(
			"0c 00 00 c0 1f ff ff ff ff ff ff 43 e8",
		);
	});

	it("other number fields above 2^53-1 are refused, never rounded -> BoundsExceeded", () => {
		expectError(() => decodeDatagram(unhex("00 00 d0 00 00 00 00 00 00 00"), V05), BoundsExceededError);
	});

	it("bad field values on encode -> Encode (18)", () => {
		expectError(() => encodeSubscribeUpdate({ priority: 256, ordered: false, maxLatency: 0 }, V05), EncodeError);
		expectError(() => encodeSubscribeUpdate({ priority: 1, ordered: false, maxLatency: -1 }, V05), EncodeError);
		expectError(() => encodeSubscribeUpdate({ priority: 1, ordered: false, maxLatency: 0.5 }, V05), EncodeError);
		expectError(() => encodeProbe({ bitrate: 2 ** 53 }, V05), EncodeError);
	});

	it("a datagram cut inside its header -> Decode (5)", () => {
		expectError(() => decodeDatagram(unhex("01 02"), V05), DecodeError);
		expectError(() => decodeDatagram(unhex("01 02 43"), V05), DecodeError);
	});
});

describe("version gates", () => {
	it("messages absent from a version -> Version (9)", () => {
		expectError(() => encodeSetup({}, V04), VersionError);
		expectError(() => encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 0, timescale: 1 }, V03), VersionError);
		expectError(() => encodeGoaway({ uri: "" }, V03), VersionError);
		expectError(() => decode("announceOk", unhex("02 09 01"), V04), VersionError);
		expectError(() => decode("track", unhex("02 00 00"), V04), VersionError);
		expectError(() => decodeDatagram(unhex("01 02 03"), V04), VersionError);
		expectError(() => encodeSubscribeResponse({ type: "ok", priority: 1, ordered: false, maxLatency: 0 }, V05), VersionError);
		expectError(() => encodeSubscribeResponse({ type: "start", group: 1 }, V04), VersionError);
		expectError(() => encodeSubscribeResponse({ type: "end", group: 1 }, V03), VersionError);
		expectError(() => encodeGoaway({ uri: "" }, 0xff0dad07 as Version), VersionError);
		expectError(() => encodeAnnounce({ status: 1, suffix: "a", hops: [] }, Version.Lite06), VersionError);
		expectError(() => new Decoder().message("goaway", 0xff0dad00 as Version), VersionError);
		// 01/02 have no GOAWAY, SUBSCRIBE_UPDATE, PROBE or FETCH; their handshake and ANNOUNCE_INIT are theirs alone.
		expectError(() => decode("goaway", unhex("00"), Version.Lite02), VersionError);
		expectError(() => encodeSubscribeUpdate({ priority: 1, ordered: false, maxLatency: 0 }, Version.Lite02), VersionError);
		expectError(() => encodeProbe({ bitrate: 1 }, Version.Lite01), VersionError);
		expectError(() => encodeSubscribeResponse({ type: "drop", start: 0, end: 0, error: 0 }, Version.Lite02), VersionError);
		expectError(() => encodeAnnounceInit({ suffixes: [] }, V03), VersionError);
		expectError(() => encodeLegacySetup({ type: "server", version: Version.Lite02, parameters: [] }, V05), VersionError);
	});

	it("03 drops exclude_hop and RTT; 04/05 carry them", () => {
		expect(encodeAnnounceRequest({ prefix: "a", excludeHop: 9 }, V03)).toEqual(unhex("02 01 61"));
		expect(encodeAnnounceRequest({ prefix: "a", excludeHop: 9 }, V04)).toEqual(unhex("03 01 61 09"));
		expect(encodeProbe({ bitrate: 1, rtt: 2 }, V03)).toEqual(unhex("01 01"));
		expect(encodeProbe({ bitrate: 1 }, V04)).toEqual(unhex("02 01 00"));
	});

	it("03/04 frames carry no timestamp; 05 frames need one", () => {
		expect(new FrameEncoder(V04).header(1234, 2)).toEqual(unhex("02"));
		expect(new FrameEncoder(V04).header(undefined, 2)).toEqual(unhex("02"));
		expectError(() => new FrameEncoder(V05).header(undefined, 2), EncodeError);
	});
});

describe("random bytes never escape as untyped errors", () => {
	for (const kind of Object.keys(KIND_VERSIONS) as MessageKind[]) {
		it(kind, () => {
			fc.assert(
				fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(...KIND_VERSIONS[kind]), (bytes, v) => {
					const d = new Decoder();
					d.push(bytes);
					try {
						d.messages(kind, v);
						d.finish();
					} catch (e) {
						if (!(e instanceof MoqError)) throw e;
					}
				}),
				{ numRuns: 1000 },
			);
		});
	}

	it("frames and datagrams", () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(V03, V04, V05), (bytes, v) => {
				try {
					const d = new Decoder();
					d.push(bytes);
					d.frames(v);
					d.finish();
				} catch (e) {
					if (!(e instanceof MoqError)) throw e;
				}
				try {
					decodeDatagram(bytes, V05);
				} catch (e) {
					if (!(e instanceof MoqError)) throw e;
				}
			}),
			{ numRuns: 2000 },
		);
	});
});
