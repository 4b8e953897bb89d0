// Every codec call runs on the engine its caller gives: encoding or decoding on one engine leaves another's
// memory, slot table and cursor exactly as they were (issue #9: no module-level codec state).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decoder, decodeDatagram, encodeDatagram, encodeVarint, FrameEncoder, type MessageKind, Version } from "../../src/codec/index.js";
import { defaultEngine, Engine } from "../../src/wasm/engine.js";
import { arbitraries, datagramArb, KIND_VERSIONS } from "./arbitraries.js";
import { encodeMessage } from "./encoders.js";

/** A copy of everything an engine's codec state lives in. */
function snapshot(e: Engine): { memory: Uint8Array; at: number; strings: number; inputAt: number } {
	return { memory: e.u8.slice(), at: e.codec.at, strings: e.codec.strings, inputAt: e.codec.inputAt };
}

function untouched(e: Engine, before: ReturnType<typeof snapshot>): void {
	const now = snapshot(e);
	expect(now.at).toBe(before.at);
	expect(now.strings).toBe(before.strings);
	expect(now.inputAt).toBe(before.inputAt);
	expect(now.memory.byteLength).toBe(before.memory.byteLength);
	expect(Buffer.compare(now.memory, before.memory)).toBe(0);
}

const KINDS = Object.keys(KIND_VERSIONS) as MessageKind[];

describe("codec engines", () => {
	it("every encoder writes on the engine it is given: same bytes, the other engines untouched", () => {
		const a = new Engine();
		const b = new Engine();
		// Warm both (first use allocates the input area) so a snapshot compares settled memory.
		encodeMessage("goaway", { uri: "warm" }, Version.Lite05, b);
		defaultEngine().codec.inputArea(1);
		for (const kind of KINDS) {
			for (const v of KIND_VERSIONS[kind]) {
				fc.assert(
					fc.property(arbitraries[kind](v), (msg) => {
						const expected = encodeMessage(kind, msg as never, v);
						const beforeB = snapshot(b);
						const beforeDefault = snapshot(defaultEngine());
						const bytes = encodeMessage(kind, msg as never, v, a);
						expect(bytes).toEqual(expected);
						untouched(b, beforeB);
						untouched(defaultEngine(), beforeDefault);
					}),
					{ numRuns: 20 },
				);
			}
		}
	});

	it("the record is written into the given engine's slot table", () => {
		const a = new Engine();
		const before = a.codec.at;
		encodeMessage("subscribe", { id: 7, broadcast: "room/cam", track: "video", priority: 1, ordered: true, maxLatency: 0 }, Version.Lite05, a);
		// id, broadcast (2 slots), track (2 slots), preferences: the cursor moved past them, the strings are in a's input.
		expect(a.codec.at).toBeGreaterThan(before);
		expect(a.codec.strings).toBe("room/cam".length + "video".length);
		expect(new TextDecoder().decode(a.u8.subarray(a.codec.inputAt, a.codec.inputAt + a.codec.strings))).toBe("room/camvideo");
	});

	it("varints, frame headers and datagrams take the engine too", () => {
		const a = new Engine();
		const b = new Engine();
		encodeVarint(1, b);
		fc.assert(
			fc.property(datagramArb, fc.nat(), fc.nat({ max: 1 << 20 }), (d, ts, size) => {
				const beforeB = snapshot(b);
				expect(encodeVarint(d.sequence, a)).toEqual(encodeVarint(d.sequence));
				expect(new FrameEncoder(Version.Lite05, a).header(ts, size)).toEqual(new FrameEncoder(Version.Lite05).header(ts, size));
				const wire = encodeDatagram(d, Version.Lite05, a);
				expect(wire).toEqual(encodeDatagram(d, Version.Lite05));
				const back = decodeDatagram(wire, Version.Lite05, a);
				expect({ ...back, payload: [...back.payload] }).toEqual({ ...d, payload: [...d.payload] });
				untouched(b, beforeB);
			}),
			{ numRuns: 100 },
		);
	});

	it("a decode on one engine between another's partial reads leaves that one's decoder intact", () => {
		const a = new Engine();
		const b = new Engine();
		const msg = { id: 3, broadcast: "live/alice", track: "audio", priority: 2, ordered: false, maxLatency: 250 };
		const bytes = encodeMessage("subscribe", msg, Version.Lite06, a);
		const onA = new Decoder({ engine: a });
		const onB = new Decoder({ engine: b });
		onA.push(bytes.subarray(0, 5));
		expect(onA.message("subscribe", Version.Lite06)).toBeUndefined();
		// b decodes and encodes in full while a's message is half-read.
		onB.push(encodeMessage("subscribe", { ...msg, id: 4, track: "video" }, Version.Lite06, b));
		expect(onB.message("subscribe", Version.Lite06)).toMatchObject({ id: 4, track: "video" });
		onA.push(bytes.subarray(5));
		expect(onA.message("subscribe", Version.Lite06)).toMatchObject({ id: 3, broadcast: "live/alice", track: "audio", maxLatency: 250 });
	});
});
