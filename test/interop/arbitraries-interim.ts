// INTERIM: fast-check arbitraries for our message shapes, until test/codec/arbitraries.ts lands (then this file
// goes away and codec-diff uses theirs through ./reference-domain.ts). Full wire domain, as our codec must accept it.
import fc from "fast-check";
import { type Frame, type U62, Version } from "../../src/codec/types.js";
import type { Kind, KindMap } from "./reference-codec.js";

const MAX_U62 = (1n << 62n) - 1n;

/** u62 with every varint length represented; numbers up to 2^53-1, bigints above (our U62 convention). */
export const u62: fc.Arbitrary<U62> = fc.oneof(
	fc.integer({ min: 0, max: 63 }),
	fc.integer({ min: 64, max: 16383 }),
	fc.integer({ min: 16384, max: 2 ** 30 - 1 }),
	fc.maxSafeNat().filter((n) => n >= 2 ** 30),
	fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: MAX_U62 }),
);
const u53 = fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 1 << 20 }), fc.maxSafeNat());
const u8 = fc.integer({ min: 0, max: 255 });
const text = fc.string({ unit: "binary", maxLength: 24 });
const segment = fc.string({ unit: "binary", minLength: 1, maxLength: 8 }).filter((s) => !s.includes("/"));
/** A normalized path (spec §2.5): no empty segments, at most 32 parts. */
const path = fc.array(segment, { maxLength: 6 }).map((p) => p.join("/"));

export const arbitraries: { [K in Kind]: (v: Version) => fc.Arbitrary<KindMap[K]> } = {
	setup: () =>
		fc.record(
			{
				probe: fc.integer({ min: 0, max: 2 }),
				path: fc.string({ unit: "binary", maxLength: 40 }),
				role: fc.integer({ min: 0, max: 2 }),
				cost: u62,
				origin: u62,
			},
			{ requiredKeys: [] },
		),
	announceRequest: (v) => fc.record({ prefix: path, excludeHop: v === Version.Lite03 ? fc.constant(0) : u62 }),
	announceOk: () => fc.record({ origin: u62, activeCount: u53 }),
	announce: (v) =>
		fc.oneof(
			fc.record({ status: fc.constant(1 as const), suffix: path, hops: fc.array(v === Version.Lite03 ? fc.constant(0) : u62, { maxLength: 32 }) }),
			fc.record({ status: fc.constant(0 as const), suffix: path, hops: fc.constant([] as U62[]) }),
		),
	subscribe: () =>
		fc.record(
			{ id: u62, broadcast: path, track: text, priority: u8, ordered: fc.boolean(), maxLatency: u53, startGroup: u62, endGroup: u62 },
			{ requiredKeys: ["id", "broadcast", "track", "priority", "ordered", "maxLatency"] },
		),
	subscribeUpdate: () =>
		fc.record(
			{ priority: u8, ordered: fc.boolean(), maxLatency: u53, startGroup: u62, endGroup: u62 },
			{ requiredKeys: ["priority", "ordered", "maxLatency"] },
		),
	subscribeResponse: (v) =>
		v === Version.Lite05
			? fc.oneof(
					fc.record({ type: fc.constant("start" as const), group: u62 }),
					fc.record({ type: fc.constant("end" as const), group: u62 }),
					fc.record({ type: fc.constant("drop" as const), start: u62, end: u62, error: u62 }),
				)
			: fc.oneof(
					fc.record(
						{ type: fc.constant("ok" as const), priority: u8, ordered: fc.boolean(), maxLatency: u53, startGroup: u62, endGroup: u62 },
						{ requiredKeys: ["type", "priority", "ordered", "maxLatency"] },
					),
					fc.record({ type: fc.constant("drop" as const), start: u62, end: u62, error: u62 }),
				),
	trackRequest: () => fc.record({ broadcast: path, track: text }),
	trackInfo: () => fc.record({ priority: u8, ordered: fc.boolean(), latencyMax: u53, timescale: u53.filter((t) => t > 0) }),
	fetch: () => fc.record({ broadcast: path, track: text, priority: u8, group: u62 }),
	groupHeader: () => fc.record({ subscribeId: u62, sequence: u62 }),
	probe: (v) => (v === Version.Lite03 ? fc.record({ bitrate: u53 }) : fc.record({ bitrate: u53, rtt: u53 })),
	goaway: () => fc.record({ uri: fc.string({ unit: "binary", maxLength: 60 }) }),
};

/** Frames of one group stream: absolute timestamps that move both ways (05), payloads of every size class. */
export function framesArb(v: Version): fc.Arbitrary<Frame[]> {
	const payload = fc.oneof(
		{ weight: 6, arbitrary: fc.uint8Array({ maxLength: 80 }) },
		{ weight: 1, arbitrary: fc.uint8Array({ minLength: 16384, maxLength: 20000 }) },
	);
	if (v !== Version.Lite05) return fc.array(payload.map((p) => ({ payload: p })), { maxLength: 8 });
	return fc
		.tuple(
			fc.maxSafeNat().map((n) => n % 2 ** 40),
			fc.array(fc.tuple(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), payload), { maxLength: 8 }),
		)
		.map(([base, rest]) => {
			let ts = base;
			return rest.map(([d, p]) => {
				ts = Math.max(0, ts + d);
				return { timestamp: ts, payload: p };
			});
		});
}
