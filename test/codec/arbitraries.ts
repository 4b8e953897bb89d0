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

/** 06 preferences: no ordered byte (decoded false); a frame bound only beside its group bound, and a start group
 * of 0 only with a start frame (raw 0/0 is "no floor"). */
const preferences06 = fc
	.record(
		{
			priority: u8,
			ordered: fc.constant(false),
			maxLatency: u53,
			startGroup: optU62,
			endGroup: optU62,
			frameStart: u62.filter((f) => f !== 0),
			frameEnd: optU62,
		},
		{ requiredKeys: [...prefKeys] },
	)
	.map((p) => {
		const m = { ...p };
		if (m.startGroup === undefined) delete m.frameStart;
		else if (m.startGroup === 0 && m.frameStart === undefined) delete m.startGroup;
		if (m.endGroup === undefined) delete m.frameEnd;
		return m;
	});

const route = { hops: fc.array(u62, { maxLength: 32 }), warmCost: u62, coldCost: u62 };

export const arbitraries: { readonly [K in MessageKind]: (v: Version) => fc.Arbitrary<MessageMap[K]> } = {
	setup: () => setup,
	announceRequest: (v) => fc.record({ prefix: path, excludeHop: v === Version.Lite03 || v >= Version.Lite06 ? fc.constant(0) : u62 }),
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
	subscribe: (v) =>
		v >= Version.Lite06
			? fc.tuple(fc.record({ id: u62, broadcast: path, track: text() }), preferences06).map(([head, p]) => ({ ...head, ...p }))
			: fc.record({ id: u62, broadcast: path, track: text(), ...preferences }, { requiredKeys: ["id", "broadcast", "track", ...prefKeys] }),
	subscribeUpdate: (v) => (v >= Version.Lite06 ? preferences06 : fc.record(preferences, { requiredKeys: [...prefKeys] })),
	subscribeResponse: (v) => {
		const drop = fc.record({ type: fc.constant("drop" as const), start: u62, end: u62, error: u62 });
		if (v >= Version.Lite05) {
			return fc.oneof(
				fc.record({ type: fc.constant("start" as const), group: u62 }),
				fc.record({ type: fc.constant("end" as const), group: u62 }),
				drop,
			);
		}
		return fc.oneof(fc.record({ type: fc.constant("ok" as const), ...preferences }, { requiredKeys: ["type", ...prefKeys] }), drop);
	},
	track: () => fc.record({ broadcast: path, track: text() }),
	trackInfo: (v) =>
		fc.record({ priority: u8, ordered: v >= Version.Lite06 ? fc.constant(false) : fc.boolean(), latencyMax: u53, timescale: u53.filter((t) => t > 0) }),
	fetch: (v) => {
		const head = fc.record({ broadcast: path, track: text(), priority: u8, group: u62 });
		if (v < Version.Lite06) return head;
		// An end frame at or after the start frame (n+1 travels, so at most 2^62-2).
		const range = fc.record({ frameStart: fc.integer({ min: 1, max: 2 ** 40 }), frameEnd: fc.nat({ max: 1000 }) }, { requiredKeys: [] });
		return fc.tuple(head, range).map(([h, r]) => {
			const m: MessageMap["fetch"] = { ...h };
			if (r.frameStart !== undefined) m.frameStart = r.frameStart;
			if (r.frameEnd !== undefined) m.frameEnd = (r.frameStart ?? 0) + r.frameEnd;
			return m;
		});
	},
	group: (v) =>
		v >= Version.Lite06
			? fc.record({ subscribeId: u62, sequence: u62, frameStart: u62.filter((f) => f !== 0) }, { requiredKeys: ["subscribeId", "sequence"] })
			: fc.record({ subscribeId: u62, sequence: u62 }),
	probe: (v) => (v === Version.Lite03 ? fc.record({ bitrate: u53 }) : fc.record({ bitrate: u53, rtt: u53 })),
	goaway: () => fc.record({ uri: text(60) }),
	announceChange: () =>
		fc.oneof(
			fc.record({ type: fc.constant("start" as const), suffix: path, ...route }),
			fc.record({ type: fc.constant("end" as const), id: u62 }),
			fc.record({ type: fc.constant("update" as const), id: u62, ...route }),
		),
};

/** Which versions carry each message kind. */
export const KIND_VERSIONS: { readonly [K in MessageKind]: readonly Version[] } = {
	setup: [Version.Lite05, Version.Lite06],
	announceRequest: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	announceOk: [Version.Lite05, Version.Lite06],
	announce: [Version.Lite03, Version.Lite04, Version.Lite05],
	subscribe: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	subscribeUpdate: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	subscribeResponse: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	track: [Version.Lite05, Version.Lite06],
	trackInfo: [Version.Lite05, Version.Lite06],
	fetch: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	group: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	probe: [Version.Lite03, Version.Lite04, Version.Lite05, Version.Lite06],
	goaway: [Version.Lite04, Version.Lite05, Version.Lite06],
	announceChange: [Version.Lite06],
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
