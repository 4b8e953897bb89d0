// Property: every message of every version encodes, and decodes back equal from any chunking (1,000 runs each).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AnyMessageKind, decodeDatagram, Decoder, encodeDatagram, type Frame, FrameEncoder, type MessageKind, Version } from "../../src/codec/index.js";
import { arbitraries, cutsArb, datagramArb, framesArb, KIND_VERSIONS, split } from "./arbitraries.js";
import { LEGACY_ARBITRARIES, LEGACY_KINDS, LEGACY_VERSIONS } from "./arbitraries-legacy.js";
import { encodeMessage } from "./encoders.js";
import { concat, plainFrames } from "./helpers.js";

const RUNS = 1000;
const vname = (v: Version) => `lite-0${v & 0xff}`;

/** Every kind on every version carrying it, with its arbitrary (01/02 from arbitraries-legacy.ts). */
type Case = [AnyMessageKind, Version, (v: Version) => fc.Arbitrary<unknown>];
const CASES: Case[] = [
	...(Object.keys(KIND_VERSIONS) as MessageKind[]).flatMap((kind) => KIND_VERSIONS[kind].map((v): Case => [kind, v, arbitraries[kind]])),
	...LEGACY_KINDS.flatMap((kind) => LEGACY_VERSIONS.map((v): Case => [kind, v, LEGACY_ARBITRARIES[kind]!])),
];

describe("round-trip properties", () => {
	for (const [kind, v, arbitrary] of CASES) {
		it(`${kind} [${vname(v)}]`, () => {
			fc.assert(
				fc.property(fc.array(arbitrary(v), { minLength: 1, maxLength: 3 }), cutsArb, (msgs, cuts) => {
					const wire = concat(msgs.map((m) => encodeMessage(kind, m as never, v)));
					// One message at a time, from arbitrary chunks: nothing completes early.
					const d = new Decoder();
					const got: unknown[] = [];
					for (const chunk of split(wire, cuts)) {
						d.push(chunk);
						for (let m = d.message(kind, v); m !== undefined; m = d.message(kind, v)) got.push(m);
					}
					d.finish();
					expect(got).toEqual(msgs);
					// The batch path, all at once.
					const b = new Decoder();
					b.push(wire);
					expect(b.messages(kind, v)).toEqual(msgs);
					expect(b.buffered).toBe(0);
				}),
				{ numRuns: RUNS },
			);
		});
	}

	for (const v of [Version.Lite01, Version.Lite02, Version.Lite03, Version.Lite04, Version.Lite05]) {
		it(`frames [${vname(v)}]`, () => {
			fc.assert(
				fc.property(framesArb(v), cutsArb, fc.boolean(), (frames, cuts, single) => {
					const fe = new FrameEncoder(v);
					const wire = concat(frames.flatMap((f) => [fe.header(f.timestamp, f.payload.byteLength), f.payload]));
					const d = new Decoder();
					const got: Frame[] = [];
					for (const chunk of split(wire, cuts)) {
						d.push(chunk);
						if (single) for (let f = d.frame(v); f !== undefined; f = d.frame(v)) got.push(f);
						else got.push(...d.frames(v));
					}
					d.finish();
					expect(plainFrames(got)).toEqual(plainFrames(frames));
				}),
				{ numRuns: RUNS },
			);
		});
	}

	it("datagram [lite-05]", () => {
		fc.assert(
			fc.property(datagramArb, (dg) => {
				const got = decodeDatagram(encodeDatagram(dg, Version.Lite05), Version.Lite05);
				expect({ ...got, payload: plainFrames([got])[0]!.payload }).toEqual({ ...dg, payload: plainFrames([dg])[0]!.payload });
			}),
			{ numRuns: RUNS },
		);
	});
});
