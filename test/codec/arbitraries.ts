// fast-check arbitraries for every codec message, per version, over the canonical domain: every value here
// encodes and decodes back to an equal object (u62 as number up to 2^53-1, bigint above; normalized paths;
// SETUP origin non-zero since 0 means absent). Shared with the differential tests and the fuzzers.
import fc from "fast-check";
import {
	type Datagram,
	type Frame,
	type MessageKind,
	type MessageMap,
	type Setup,
	type U62,
	Version,
} from "../../src/codec/index.js";

export const MAX_U62 = (1n << 62n) - 1n;

/** u62 covering every varint length. */
export const u62: fc.Arbitrary<U62> = fc.oneof(
	fc.integer({ min: 0, max: 63 }),
	fc.integer({ min: 64, max: 16383 }),
	fc.integer({ min: 16384, max: 2 ** 30 - 1 }),
	fc.maxSafeNat().filter((n) => n >= 2 ** 30),
	fc.constantFrom<U62>(0, 63, 64, 16383, 16384, 2 ** 30 - 1, 2 ** 30, Number.MAX_SAFE_INTEGER, 2n ** 53n, MAX_U62),
	fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: MAX_U62 }),
);

/** `opt` values: one less than u62, since n+1 travels. */
export const optU62: fc.Arbitrary<U62> = u62.map((v) => (v === MAX_U62 ? MAX_U62 - 1n : v));

/** A `number` field (u53). */
export const u53 = fc.oneof(fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 1 << 20 }), fc.maxSafeNat());
export const u8 = fc.integer({ min: 0, max: 255 });

/** Well-formed Unicode (lone surrogates are not representable in UTF-8). */
export const text = (maxLength = 24) => fc.string({ unit: "binary", maxLength });

const segment = fc.string({ unit: "binary", minLength: 1, maxLength: 8 }).filter((s) => !s.includes("/"));
/** A normalized path (spec §2.5) of up to 32 parts. */
export const path: fc.Arbitrary<string> = fc
	.oneof(
		{ weight: 8, arbitrary: fc.array(segment, { maxLength: 6 }) },
		{ weight: 1, arbitrary: fc.array(segment, { minLength: 30, maxLength: 32 }) },
	)
	.map((p) => p.join("/"));

const unknownParams = fc
	.uniqueArray(fc.oneof(fc.constant(0), fc.integer({ min: 6, max: 2 ** 40 })), { maxLength: 8 })
	.chain((ids) => fc.tuple(...ids.map((id) => fc.tuple(fc.constant(id), fc.uint8Array({ maxLength: 16 })))))
	.map((entries) => new Map(entries));

const setup: fc.Arbitrary<Setup> = fc
	.record(
		{
			probe: fc.integer({ min: 0, max: 2 }),
			path: text(40),
			role: fc.integer({ min: 0, max: 2 }),
			cost: u62,
			origin: u62.filter((o) => o !== 0),
			unknown: unknownParams.filter((m) => m.size > 0),
		},
		{ requiredKeys: [] },
	);

const preferences = {
	priority: u8,
	ordered: fc.boolean(),
	maxLatency: u53,
	startGroup: optU62,
	endGroup: optU62,
};
const prefKeys = ["priority", "ordered", "maxLatency"] as const;

export const arbitraries: { readonly [K in MessageKind]: (v: Version) => fc.Arbitrary<MessageMap[K]> } = {
	setup: () => setup,
	announceRequest: (v) => fc.record({ prefix: path, excludeHop: v === Version.Lite03 ? fc.constant(0) : u62 }),
	announceOk: () => fc.record({ origin: u62, activeCount: u53 }),
	// `ended` without hops, as both references send it (the codec itself writes whatever hops it is given).
	announce: (v) =>
		fc.oneof(
			fc.record({
				status: fc.constant(1 as const),
				suffix: path,
				hops: fc.array(v === Version.Lite03 ? fc.constant(0) : u62, { maxLength: 32 }),
			}),
			fc.record({ status: fc.constant(0 as const), suffix: path, hops: fc.constant<U62[]>([]) }),
		),
	subscribe: () =>
		fc.record({ id: u62, broadcast: path, track: text(), ...preferences }, { requiredKeys: ["id", "broadcast", "track", ...prefKeys] }),
	subscribeUpdate: () => fc.record(preferences, { requiredKeys: [...prefKeys] }),
	subscribeResponse: (v) => {
		const drop = fc.record({ type: fc.constant("drop" as const), start: u62, end: u62, error: u62 });
		if (v === Version.Lite05) {
			return fc.oneof(
				fc.record({ type: fc.constant("start" as const), group: u62 }),
				fc.record({ type: fc.constant("end" as const), group: u62 }),
				drop,
			);
		}
		return fc.oneof(fc.record({ type: fc.constant("ok" as const), ...preferences }, { requiredKeys: ["type", ...prefKeys] }), drop);
	},
	track: () => fc.record({ broadcast: path, track: text() }),
	trackInfo: () => fc.record({ priority: u8, ordered: fc.boolean(), latencyMax: u53, timescale: u53.filter((t) => t > 0) }),
	fetch: () => fc.record({ broadcast: path, track: text(), priority: u8, group: u62 }),
	group: () => fc.record({ subscribeId: u62, sequence: u62 }),
	probe: (v) => (v === Version.Lite03 ? fc.record({ bitrate: u53 }) : fc.record({ bitrate: u53, rtt: u53 })),
	goaway: () => fc.record({ uri: text(60) }),
};

/** Which versions carry each message kind. */
export const KIND_VERSIONS: { readonly [K in MessageKind]: readonly Version[] } = {
	setup: [Version.Lite05],
	announceRequest: [Version.Lite03, Version.Lite04, Version.Lite05],
	announceOk: [Version.Lite05],
	announce: [Version.Lite03, Version.Lite04, Version.Lite05],
	subscribe: [Version.Lite03, Version.Lite04, Version.Lite05],
	subscribeUpdate: [Version.Lite03, Version.Lite04, Version.Lite05],
	subscribeResponse: [Version.Lite03, Version.Lite04, Version.Lite05],
	track: [Version.Lite05],
	trackInfo: [Version.Lite05],
	fetch: [Version.Lite03, Version.Lite04, Version.Lite05],
	group: [Version.Lite03, Version.Lite04, Version.Lite05],
	probe: [Version.Lite03, Version.Lite04, Version.Lite05],
	goaway: [Version.Lite04, Version.Lite05],
};

/** Large payloads from a length and a seed: generating them byte by byte would dominate the run time. */
function filled(min: number, max: number): fc.Arbitrary<Uint8Array> {
	return fc.tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 255 })).map(([n, seed]) => {
		const b = new Uint8Array(n);
		for (let i = 0; i < n; i++) b[i] = (seed + i * 31) & 0xff;
		return b;
	});
}

const payload = fc.oneof(
	{ weight: 6, arbitrary: fc.uint8Array({ maxLength: 80 }) },
	{ weight: 1, arbitrary: filled(1000, 1100) },
	{ weight: 1, arbitrary: filled(16384, 20000) },
);

/** Frames of one GROUP stream or FETCH reply: 05 timestamps move both ways (negative ones included). */
export function framesArb(v: Version): fc.Arbitrary<Frame[]> {
	if (v !== Version.Lite05) return fc.array(payload.map((p) => ({ payload: p })), { maxLength: 8 });
	const stamp = fc.oneof(fc.integer({ min: -1000, max: 100000 }), fc.integer({ min: -(2 ** 52), max: 2 ** 52 }));
	return fc.array(fc.record({ timestamp: stamp, payload }), { maxLength: 8 });
}

/** Datagrams (05 only). */
export const datagramArb: fc.Arbitrary<Datagram> = fc.record({
	subscribeId: u62,
	sequence: u62,
	timestamp: u53,
	payload: fc.uint8Array({ maxLength: 1200 }),
});

/** Cut points for splitting wire bytes into chunks. */
export const cutsArb = fc.array(fc.nat(), { maxLength: 6 });

/** Splits `bytes` at the cut points (taken modulo the length). */
export function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
	const points = [...new Set(cuts.map((c) => c % (bytes.byteLength + 1)))].sort((a, b) => a - b);
	const out: Uint8Array[] = [];
	let prev = 0;
	for (const p of [...points, bytes.byteLength]) {
		if (p > prev) out.push(bytes.subarray(prev, p));
		prev = Math.max(prev, p);
	}
	return out;
}
