// Decoder hardening properties (spec §2–3): every decoder, fed random bytes or mutated valid encodings, throws
// only typed MoqErrors, makes progress, reads nothing past its input and agrees with itself across chunkings;
// a valid encoding cut at every offset is "need more" and then the right typed error at FIN; length claims
// up to 2^62 are refused before any byte of the body is buffered, with heap and WASM memory flat.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decoder, encodeVarint, type Frame, FrameEncoder, type MessageKind, Version } from "../../src/codec/index.js";
import { core } from "../../src/codec/wasm.js";
import { BoundsExceededError, DecodeError, FrameTooLargeError, TooManyParametersError, WrongSizeError } from "../../src/error.js";
import { arbitraries, framesArb, KIND_VERSIONS } from "../codec/arbitraries.js";
import { encodeMessage } from "../codec/encoders.js";
import { expectError } from "../codec/errors.js";
import { generate } from "../fuzz/mutate.js";
import { concat as concatAll } from "../codec/helpers.js";
import { TARGETS } from "../fuzz/targets.js";
import { settledHeap } from "./gc.js";

const vname = (v: Version) => `lite-0${v & 0xff}`;
const KINDS = Object.keys(KIND_VERSIONS) as MessageKind[];
const VERSIONS = [Version.Lite03, Version.Lite04, Version.Lite05];

describe("every decoder on hostile bytes", () => {
	for (const t of TARGETS) {
		it(t.name, () => {
			const seeds = t.seeds();
			fc.assert(
				fc.property(fc.integer(), fc.nat(), (seed, index) => {
					const input = generate(seeds, seed, index);
					const failure = t.check(input);
					expect(failure, Buffer.from(input).toString("hex")).toBeUndefined();
				}),
				{ numRuns: 300 },
			);
		});
	}
});

describe("truncation at every offset", () => {
	for (const kind of KINDS) {
		for (const v of KIND_VERSIONS[kind]) {
			it(`${kind} [${vname(v)}]: the whole messages before the cut, then need-more, then Decode (5) at FIN`, () => {
				fc.assert(
					fc.property(fc.array(arbitraries[kind](v) as fc.Arbitrary<unknown>, { minLength: 1, maxLength: 3 }), (msgs) => {
						const parts = msgs.map((m) => encodeMessage(kind, m as never, v));
						const wire = concatAll(parts);
						const ends = parts.reduce<number[]>((acc, p) => [...acc, (acc.at(-1) ?? 0) + p.byteLength], []);
						for (let cut = 0; cut < wire.byteLength; cut++) {
							const d = new Decoder();
							d.push(wire.subarray(0, cut));
							const got = d.messages(kind, v);
							const whole = ends.filter((e) => e <= cut).length;
							expect(got).toEqual(msgs.slice(0, whole));
							expect(d.message(kind, v)).toBeUndefined();
							if (ends.includes(cut) || cut === 0) d.finish();
							else expectError(() => d.finish(), DecodeError);
							// The rest arriving later completes the stream exactly.
							d.push(wire.subarray(cut));
							expect(d.messages(kind, v)).toEqual(msgs.slice(whole));
							d.finish();
						}
					}),
					{ numRuns: 6 },
				);
			});
		}
	}

	for (const v of VERSIONS) {
		it(`frames [${vname(v)}]: need-more, then Decode (5) inside a header, WrongSize (14) inside a payload`, () => {
			fc.assert(
				fc.property(framesArb(v).filter((f) => f.length > 0 && f.every((x) => x.payload.byteLength < 2000)), (frames) => {
					const fe = new FrameEncoder(v);
					// [header start, payload start, frame end] per frame.
					const spans: [number, number, number, number][] = [];
					const parts: Uint8Array[] = [];
					let at = 0;
					for (const f of frames) {
						const h = fe.header(f.timestamp, f.payload.byteLength);
						// 05: where the timestamp varint ends (a FIN right there is tolerated, as Rust does).
						const tsEnd = v === Version.Lite05 ? at + varintLength(h[0]!) : -1;
						spans.push([at, at + h.byteLength, at + h.byteLength + f.payload.byteLength, tsEnd]);
						parts.push(h, f.payload);
						at += h.byteLength + f.payload.byteLength;
					}
					const wire = concatAll(parts);
					for (let cut = 0; cut < wire.byteLength; cut++) {
						const d = new Decoder();
						d.push(wire.subarray(0, cut));
						const got: Frame[] = d.frames(v);
						const whole = spans.filter((s) => s[2] <= cut).length;
						expect(got.length).toBe(whole);
						expect(d.frame(v)).toBeUndefined();
						const cutFrame = spans[whole]!;
						if (cut === cutFrame[0] || cut === cutFrame[3]) d.finish();
						else if (cut < cutFrame[1]) expectError(() => d.finish(), DecodeError);
						else expectError(() => d.finish(), WrongSizeError);
					}
				}),
				{ numRuns: 10 },
			);
		});
	}
});

function varintLength(first: number): number {
	return 1 << (first >> 6);
}

/** Bytes a Decoder holds plus WASM linear memory, before and after `n` hostile decodes. */
function memoryAfter(n: number, fn: () => void): { heap: number; pages: number } {
	fn(); // warm the input area and the JIT
	const heap0 = settledHeap();
	const pages0 = core().memory.buffer.byteLength;
	for (let i = 0; i < n; i++) fn();
	return { heap: settledHeap() - heap0, pages: core().memory.buffer.byteLength - pages0 };
}

describe("oversize length prefixes are refused without allocating", () => {
	const HUGE = [2n ** 62n - 1n, 2n ** 53n, 2n ** 32n, 1n << 30n, 64n * 1024n + 1n];

	for (const kind of KINDS) {
		const v = KIND_VERSIONS[kind].at(-1)!;
		it(`${kind}: a length of up to 2^62-1 -> BoundsExceeded (11) from the prefix alone`, () => {
			// Typed kinds carry their type first; type 0 is valid for every typed kind here.
			const typed = kind === "subscribeResponse" || kind === "announceChange";
			for (const claim of HUGE) {
				const prefix = concatAll([typed ? Uint8Array.of(0) : new Uint8Array(0), encodeVarint(claim)]);
				const d = new Decoder();
				d.push(prefix);
				expectError(() => d.message(kind, v), BoundsExceededError);
				expect(d.buffered).toBe(prefix.byteLength);
			}
		});
	}

	it("a configured cap applies the same way: one byte over is refused, the cap itself waits for the body", () => {
		const d = new Decoder({ maxMessage: 100 });
		d.push(encodeVarint(101));
		expectError(() => d.message("goaway", Version.Lite05), BoundsExceededError);
		const ok = new Decoder({ maxMessage: 100 });
		ok.push(encodeVarint(100));
		expect(ok.message("goaway", Version.Lite05)).toBeUndefined();
	});

	for (const v of VERSIONS) {
		it(`frames [${vname(v)}]: a size above 32 MiB, up to 2^62-1 -> FrameTooLarge (27) from the header alone`, () => {
			const header = (size: bigint) => concatAll([v === Version.Lite05 ? Uint8Array.of(0) : new Uint8Array(0), encodeVarint(size)]);
			for (const claim of [...HUGE.slice(0, 4), 32n * 1024n * 1024n + 1n]) {
				const d = new Decoder();
				d.push(header(claim));
				expectError(() => d.frames(v), FrameTooLargeError);
			}
			// Exactly 32 MiB is legal: it waits for the payload.
			const d = new Decoder();
			d.push(header(32n * 1024n * 1024n));
			expect(d.frames(v)).toEqual([]);
		});
	}

	it("10,000 refused claims of 2^62-1 bytes leave the heap and the WASM memory flat", () => {
		const claim = encodeVarint(2n ** 62n - 1n);
		const inputs = [
			...KINDS.map((kind) => ({ kind, v: KIND_VERSIONS[kind].at(-1)!, bytes: concatAll([kind === "subscribeResponse" || kind === "announceChange" ? Uint8Array.of(0) : new Uint8Array(0), claim]) })),
			...VERSIONS.map((v) => ({ kind: "frames" as const, v, bytes: concatAll([v === Version.Lite05 ? Uint8Array.of(0) : new Uint8Array(0), claim]) })),
		];
		let refused = 0;
		const grew = memoryAfter(Math.ceil(10_000 / inputs.length), () => {
			for (const { kind, v, bytes } of inputs) {
				const d = new Decoder();
				d.push(bytes);
				try {
					if (kind === "frames") d.frames(v);
					else d.message(kind, v);
				} catch {
					refused++;
				}
			}
		});
		expect(refused).toBeGreaterThanOrEqual(10_000);
		expect(grew.pages).toBe(0);
		expect(grew.heap).toBeLessThan(2 * 1024 * 1024);
	});

	it("counts inside a message (parameters, hops, string lengths) claiming 2^62 fail inside the window", () => {
		const big = encodeVarint(2n ** 62n - 1n);
		const msg = (body: Uint8Array) => concatAll([encodeVarint(body.byteLength), body]);
		const decode = (kind: MessageKind, v: Version, bytes: Uint8Array) => {
			const d = new Decoder();
			d.push(bytes);
			return d.message(kind, v);
		};
		expectError(() => decode("setup", Version.Lite05, msg(big)), TooManyParametersError);
		expectError(() => decode("announce", Version.Lite05, msg(concatAll([Uint8Array.of(1, 0), big]))), BoundsExceededError);
		expectError(() => decode("goaway", Version.Lite05, msg(big)), DecodeError);
		expectError(() => decode("track", Version.Lite05, msg(concatAll([Uint8Array.of(0), big]))), DecodeError);
		expectError(() => decode("setup", Version.Lite05, msg(concatAll([Uint8Array.of(1, 9), big]))), DecodeError);
	});
});
