// Differential tests, ours vs the reference (`@moq/net` 0.3.4), issue 2 "Proof". For every message kind and every
// version the reference's codec accepts, 1,000 random messages each:
//   1. our encoder's bytes equal the reference's bytes (SETUP excepted: compared by decoded parameters, since
//      parameter order is unspecified on the wire, spec §2.7 / Appendix B.4);
//   2. the reference decodes our bytes to the message;
//   3. our decoder decodes the reference's bytes, fed in random chunk splits, to the message.
// Random messages are narrowed only where the reference cannot carry a value (reference-domain.ts); each
// narrowing is pinned with bytes in reference-quirks.test.ts or in "pinned differences" at the end of this file.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import * as Ours from "../../src/codec/index.js";
import { type Frame, type GroupHeader, type Setup, Version } from "../../src/codec/types.js";
import { arbitraries, cutsArb as cuts, datagramArb, framesArb, split as cut } from "../codec/arbitraries.js";
import {
	type Kind,
	type KindMap,
	REF_VERSIONS,
	bytesReader,
	chunkedReader,
	concat,
	decodeDatagramRef,
	decodeGroupStreamRef,
	decodeRef,
	encodeDatagramRef,
	encodeFetchReplyRef,
	encodeGroupStreamRef,
	encodeRef,
	fromHex,
	hex,
	normalizeSetup,
	sameBytes,
	readFramesRef,
} from "./reference-codec.js";
import { expectedDecoded, framesToRefDomain, toRefDomain, u53 } from "./reference-domain.js";

const RUNS = 1000;
const vname = (v: Version) => `lite-0${v & 0xff}`;

/** Our facade's encoder per kind. */
const OUR_ENCODE: { [K in Kind]: (m: KindMap[K], v: Version) => Uint8Array } = {
	setup: Ours.encodeSetup,
	announceRequest: Ours.encodeAnnounceRequest,
	announceOk: Ours.encodeAnnounceOk,
	announce: Ours.encodeAnnounce,
	subscribe: Ours.encodeSubscribe,
	subscribeUpdate: Ours.encodeSubscribeUpdate,
	subscribeResponse: Ours.encodeSubscribeResponse,
	track: Ours.encodeTrackRequest,
	trackInfo: Ours.encodeTrackInfo,
	fetch: Ours.encodeFetch,
	group: Ours.encodeGroupHeader,
	probe: Ours.encodeProbe,
	goaway: Ours.encodeGoaway,
};

/** Our decoder over `chunks`: one message of `kind`, asking for more bytes until the last chunk, nothing left over. */
function oursDecode<K extends Kind>(kind: K, chunks: readonly Uint8Array[], v: Version): KindMap[K] {
	const d = new Ours.Decoder();
	let msg: KindMap[K] | undefined;
	for (const c of chunks) {
		expect(msg).toBeUndefined(); // a message must not complete before its last byte
		d.push(c);
		msg = d.message(kind, v) as KindMap[K] | undefined;
	}
	expect(msg).toBeDefined();
	d.finish();
	return msg!;
}

/** Compares decoded messages; SETUP by decoded parameters (absent = default on the wire, see normalizeSetup). */
function expectSame(kind: Kind, got: unknown, want: unknown): void {
	if (kind === "setup") expect(normalizeSetup(got as Setup)).toEqual(normalizeSetup(want as Setup));
	else expect(got).toEqual(want);
}

// Control streams carry messages back to back; a batch arriving in a few big chunks is decoded by one
// `messages()` call per chunk. Batches here run to tens of KB, past the decoder's first input buffer.
describe("ours vs reference: back-to-back batches", () => {
	// First in the file on purpose: WASM memory grows once per process, and only the call that grows it is at risk
	// (a Uint8Array view taken before the growth is detached by it: this test found that bug, fixed in 94aca1d).
	test("1,000 SUBSCRIBEs (~30 KB) in one chunk: the first batch past the initial input area decodes", async () => {
		const v = Version.Lite05;
		const msgs = Array.from({ length: 1000 }, (_, i) => ({ id: i, broadcast: `room-${i}/cam`, track: "video", priority: i & 0xff, ordered: false, maxLatency: 500 }));
		const bytes = concat(await Promise.all(msgs.map((m) => encodeRef("subscribe", m, v))));
		expect(bytes.byteLength).toBeGreaterThan(20_000);
		const d = new Ours.Decoder();
		d.push(bytes);
		expect(d.messages("subscribe", v)).toEqual(msgs);
	});

	for (const kind of Object.keys(REF_VERSIONS) as Kind[]) {
		const v = REF_VERSIONS[kind].at(-1)!;
		test(`${kind} [${vname(v)}]: 4 random batches of 200 to 600 messages, decoded by messages() per chunk`, async () => {
			await fc.assert(
				fc.asyncProperty(fc.array(arbitraries[kind](v) as fc.Arbitrary<KindMap[Kind]>, { minLength: 200, maxLength: 600, size: "max" }), cuts, async (raws, splits) => {
					const msgs = raws.map((m) => toRefDomain(kind, m as never, v) as KindMap[typeof kind]);
					const theirs = concat(await Promise.all(msgs.map((m) => encodeRef(kind, m, v))));
					const ours = concat(msgs.map((m) => OUR_ENCODE[kind](m as never, v)));
					if (kind !== "setup") expectBytes(ours, theirs);
					const d = new Ours.Decoder();
					const got: unknown[] = [];
					for (const c of cut(theirs, splits)) {
						d.push(c);
						got.push(...d.messages(kind, v));
					}
					d.finish();
					expect(got.length).toBe(msgs.length);
					msgs.forEach((m, i) => expectSame(kind, got[i], expectedDecoded(kind, m, v)));
				}),
				// No shrinking: a 600-message counterexample takes minutes to shrink; the failure message is enough.
				{ numRuns: 4, endOnFailure: true },
			);
		});
	}
});

describe("ours vs reference: control messages", () => {
	for (const kind of Object.keys(REF_VERSIONS) as Kind[]) {
		for (const v of REF_VERSIONS[kind]) {
			test(`${kind} [${vname(v)}]: ${RUNS} random messages, same bytes, each decodes the other's`, async () => {
				await fc.assert(
					fc.asyncProperty(arbitraries[kind](v), cuts, async (raw, splits) => {
						const m = toRefDomain(kind, raw as never, v) as KindMap[typeof kind];
						const want = expectedDecoded(kind, m, v);
						const ours = OUR_ENCODE[kind](m as never, v);
						const theirs = await encodeRef(kind, m, v);
						// SETUP parameter order is unspecified (§2.7): compare decoded parameters, not bytes.
						if (kind !== "setup") expect(hex(ours)).toBe(hex(theirs));
						expectSame(kind, await decodeRef(kind, ours, v), want);
						expectSame(kind, oursDecode(kind, cut(theirs, splits), v), want);
					}),
					{ numRuns: RUNS },
				);
			});
		}
	}
});

/** Our encoding of a whole group stream: type 0, GROUP header, then frame headers and payloads. */
function oursGroupStream(header: GroupHeader, frames: readonly Frame[], v: Version): Uint8Array {
	const parts = [Ours.encodeVarint(0), Ours.encodeGroupHeader(header, v)];
	const fe = new Ours.FrameEncoder(v);
	for (const f of frames) parts.push(fe.header(f.timestamp ?? 0, f.payload.byteLength), f.payload);
	return concat(parts);
}

/** Our decoder over a group stream's chunks: the type varint, the GROUP header, then every frame until FIN. */
function oursDecodeGroupStream(chunks: readonly Uint8Array[], v: Version): { header: GroupHeader; frames: Frame[] } {
	const d = new Ours.Decoder();
	let type: unknown;
	let header: GroupHeader | undefined;
	const frames: Frame[] = [];
	for (const c of chunks) {
		d.push(c);
		if (type === undefined && (type = d.varint()) === undefined) continue;
		if (header === undefined && (header = d.message("group", v) as GroupHeader | undefined) === undefined) continue;
		for (const f of d.frames(v)) frames.push({ ...f, payload: f.payload.slice() });
	}
	d.finish();
	expect(type).toBe(0);
	expect(header).toBeDefined();
	return { header: header!, frames };
}

/** Frames as plain comparable values (payloads as native hex strings: fast, and readable in a diff). */
const plain = (frames: readonly Frame[]) => frames.map((f) => ({ timestamp: f.timestamp, payload: Buffer.from(f.payload).toString("hex") }));

/** Same bytes; on a mismatch the assertion prints both as hex. */
function expectBytes(ours: Uint8Array, theirs: Uint8Array): void {
	if (!sameBytes(ours, theirs)) expect(hex(ours)).toBe(hex(theirs));
}

describe("ours vs reference: GROUP streams, FETCH replies, datagrams", () => {
	for (const v of [Version.Lite03, Version.Lite04, Version.Lite05]) {
		test(`GROUP stream with frames [${vname(v)}]: ${RUNS} random groups, same bytes, each decodes the other's`, async () => {
			await fc.assert(
				fc.asyncProperty(arbitraries.group(v), framesArb(v), cuts, async (rawHeader, rawFrames, splits) => {
					const header = toRefDomain("group", rawHeader, v);
					const frames = framesToRefDomain(rawFrames);
					const ours = oursGroupStream(header, frames, v);
					const theirs = await encodeGroupStreamRef(header, frames, v);
					expectBytes(ours, theirs);
					const byRef = await decodeGroupStreamRef(chunkedReader(cut(ours, splits)), v);
					expect(byRef.header).toEqual(header);
					expect(plain(byRef.frames)).toEqual(plain(frames));
					const byOurs = oursDecodeGroupStream(cut(theirs, splits), v);
					expect(byOurs.header).toEqual(header);
					expect(plain(byOurs.frames)).toEqual(plain(frames));
				}),
				{ numRuns: RUNS },
			);
		});
	}

	test(`FETCH reply [lite-05]: ${RUNS} random frame sequences, same bytes, each decodes the other's`, async () => {
		const v = Version.Lite05;
		await fc.assert(
			fc.asyncProperty(framesArb(v), cuts, async (rawFrames, splits) => {
				const frames = framesToRefDomain(rawFrames);
				const fe = new Ours.FrameEncoder(v);
				const ours = concat(frames.flatMap((f) => [fe.header(f.timestamp!, f.payload.byteLength), f.payload]));
				const theirs = await encodeFetchReplyRef(frames);
				expectBytes(ours, theirs);
				expect(plain(await readFramesRef(chunkedReader(cut(ours, splits)), v))).toEqual(plain(frames));
				const d = new Ours.Decoder();
				const got: Frame[] = [];
				for (const c of cut(theirs, splits)) {
					d.push(c);
					for (const f of d.frames(v)) got.push({ ...f, payload: f.payload.slice() });
				}
				d.finish();
				expect(plain(got)).toEqual(plain(frames));
			}),
			{ numRuns: RUNS },
		);
	});

	test(`datagram [lite-05]: ${RUNS} random datagrams, same bytes, each decodes the other's`, async () => {
		const v = Version.Lite05;
		// The reference reads the sequence with u53 (Appendix B.5).
		const arb = datagramArb.map((d) => ({ ...d, sequence: u53(d.sequence) }));
		await fc.assert(
			fc.asyncProperty(arb, async (d) => {
				const ours = Ours.encodeDatagram(d, v);
				expect(hex(ours)).toBe(hex(encodeDatagramRef(d)));
				const byRef = await decodeDatagramRef(ours);
				expect({ ...byRef, payload: hex(byRef.payload) }).toEqual({ ...d, payload: hex(d.payload) });
				const byOurs = Ours.decodeDatagram(encodeDatagramRef(d), v);
				expect({ ...byOurs, payload: hex(byOurs.payload) }).toEqual({ ...d, payload: hex(d.payload) });
			}),
			{ numRuns: RUNS },
		);
	});
});

// Pins where ours and the reference part ways (spec Appendix B and below), and where both refuse the same input;
// reference-quirks.test.ts pins the reference side alone. Each case names which side follows the spec / Rust.
describe("ours vs reference: pinned differences", () => {
	const V5 = Version.Lite05;

	test("B.5 u53 fields above 2^53-1: ours decodes exactly (spec, Rust), the reference throws", async () => {
		const start = Ours.encodeSubscribeResponse({ type: "start", group: 1n << 60n }, V5);
		expect(hex(start)).toBe("00 08 d0 00 00 00 00 00 00 00");
		expect(oursDecode("subscribeResponse", [start], V5)).toEqual({ type: "start", group: 1n << 60n });
		await expect(decodeRef("subscribeResponse", start, V5)).rejects.toThrow("larger than 53-bits");
	});

	test("B.5 SETUP origin above 2^53: ours keeps it exact (spec, Rust), the reference rounds 2^60+1 to 2^60", async () => {
		const origin = (1n << 60n) + 1n;
		const ours = Ours.encodeSetup({ origin }, V5);
		expect(hex(ours)).toBe("0b 01 05 08 d0 00 00 00 00 00 00 01");
		expect(oursDecode("setup", [ours], V5).origin).toBe(origin);
		expect((await decodeRef("setup", ours, V5)).origin).toBe(1n << 60n);
		expect(hex(await encodeRef("setup", { origin }, V5))).toBe("0b 01 05 08 d0 00 00 00 00 00 00 00");
	});

	test("SETUP cost (0x4) and unknown ids: ours keeps them (spec §2.7, Rust), the reference drops them", async () => {
		const bytes = fromHex("08 02 04 01 05 21 02 7a 7a");
		expect(oursDecode("setup", [bytes], V5)).toEqual({ cost: 5, unknown: new Map([[0x21, Uint8Array.of(0x7a, 0x7a)]]) });
		expect(await decodeRef("setup", bytes, V5)).toEqual({ probe: 0, role: 0 });
	});

	test("leading U+FEFF: ours keeps it (spec §2.4, Rust), the reference's TextDecoder strips it", async () => {
		const bytes = Ours.encodeTrackRequest({ broadcast: "a", track: "\uFEFFx" }, V5);
		expect(hex(bytes)).toBe("07 01 61 04 ef bb bf 78");
		expect(oursDecode("track", [bytes], V5)).toEqual({ broadcast: "a", track: "\uFEFFx" });
		expect(await decodeRef("track", bytes, V5)).toEqual({ broadcast: "a", track: "x" });
	});

	test("FIN right after a 05 frame timestamp: ours ends the group cleanly (spec §3.9, Rust), the reference fails", async () => {
		const d = new Ours.Decoder();
		d.push(fromHex("47 d0"));
		expect(d.frames(V5)).toEqual([]);
		expect(() => d.finish()).not.toThrow();
		await expect(readFramesRef(bytesReader(fromHex("47 d0")), V5)).rejects.toThrow("unexpected end of stream");
	});

	test("ANNOUNCE status 2 on 05: ours reports Restart, the reference folds it into active; both refuse it on 04", async () => {
		const bytes = fromHex("07 02 03 63 61 6d 01 07");
		expect(oursDecode("announce", [bytes], V5)).toEqual({ status: 2, suffix: "cam", hops: [7] });
		expect(await decodeRef("announce", bytes, V5)).toEqual({ status: 1, suffix: "cam", hops: [7] });
		expect(() => oursDecode("announce", [bytes], Version.Lite04)).toThrow();
		await expect(decodeRef("announce", bytes, Version.Lite04)).rejects.toThrow("invalid announce status");
	});

	test("ANNOUNCE ended with hops: ours writes the hops it is given, the reference always writes none", async () => {
		const msg = { status: 0 as const, suffix: "a", hops: [1] };
		expect(hex(Ours.encodeAnnounce(msg, V5))).toBe("05 00 01 61 01 01");
		expect(hex(await encodeRef("announce", msg, V5))).toBe("04 00 01 61 00");
	});

	test("B.3 ordered byte 2: both refuse it (Rust would read it as true)", async () => {
		const bytes = fromHex("05 03 02 00 00 00");
		expect(() => oursDecode("subscribeUpdate", [bytes], Version.Lite04)).toThrow("bool8");
		await expect(decodeRef("subscribeUpdate", bytes, Version.Lite04)).rejects.toThrow("invalid bool value");
	});

	test("B.2 ANNOUNCE_OK origin 0, non-minimal varints, non-normalized paths: both accept, same result", async () => {
		for (const [kind, h, v] of [
			["announceOk", "02 00 01", V5],
			["subscribeUpdate", "09 03 00 40 00 80 00 00 00 00", Version.Lite03],
			["track", "08 06 2f 61 2f 2f 62 2f 00", V5],
		] as const) {
			const bytes = fromHex(h);
			expect(oursDecode(kind, [bytes], v)).toEqual(await decodeRef(kind, bytes, v));
		}
	});

	test("both refuse: TRACK_INFO timescale 0, a 33-part path, 33 hops, invalid UTF-8", async () => {
		const cases: [Kind, string][] = [
			["trackInfo", "05 00 00 53 88 00"],
			["track", `40 43 40 41 ${Array(33).fill("61").join(" 2f ")} 00`],
			["announce", `25 01 01 61 21 ${Array(33).fill("01").join(" ")}`],
			["goaway", "02 01 ff"],
		];
		for (const [kind, h] of cases) {
			const bytes = fromHex(h);
			expect(() => oursDecode(kind, [bytes], V5), `${kind} ${h}`).toThrow();
			await expect(decodeRef(kind, bytes, V5), `${kind} ${h}`).rejects.toThrow();
		}
	});
});
