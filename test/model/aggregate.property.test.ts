import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SubscribeOptions, Subscription, TrackSubscriber } from "../../src/model/index.js";
import { track } from "./helpers.js";

// The aggregate rules of spec §5.4, written independently of the WASM implementation. A subscriber without
// a start wants the live edge, so a set start above the newest group (`liveMax`) cannot hold the others back.
function oracle(subs: SubscribeOptions[], trackLatencyMax: number, liveMax: number): Subscription | undefined {
	if (subs.length === 0) return undefined;
	const starts = subs.map((s) => s.startGroup).filter((s): s is number => s !== undefined);
	const unbounded = subs.some((s) => s.endGroup === undefined);
	const live = starts.length < subs.length;
	const start = starts.length > 0 ? Math.min(...starts) : undefined;
	return {
		priority: Math.max(...subs.map((s) => s.priority ?? 0)),
		ordered: subs.every((s) => s.ordered === true),
		latencyMax: Math.min(Math.max(...subs.map((s) => s.latencyMax ?? 0)), trackLatencyMax),
		startGroup: start !== undefined && live && start > liveMax ? undefined : start,
		endGroup: unbounded ? undefined : Math.max(...subs.map((s) => s.endGroup!)),
	};
}

const options: fc.Arbitrary<SubscribeOptions> = fc.record(
	{
		priority: fc.integer({ min: 0, max: 255 }),
		ordered: fc.boolean(),
		latencyMax: fc.integer({ min: 0, max: 20_000 }),
		startGroup: fc.integer({ min: 0, max: 1000 }),
		endGroup: fc.integer({ min: 0, max: 1000 }),
	},
	{ requiredKeys: [] },
);

type Op =
	| { kind: "open"; options: SubscribeOptions }
	| { kind: "update"; index: number; options: SubscribeOptions }
	| { kind: "close"; index: number }
	| { kind: "groups"; count: number };

const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant("open" as const), options }),
	fc.record({ kind: fc.constant("groups" as const), count: fc.integer({ min: 1, max: 300 }) }),
	fc.record({ kind: fc.constant("update" as const), index: fc.nat(), options }),
	fc.record({ kind: fc.constant("close" as const), index: fc.nat() }),
);

describe("subscription aggregate (property)", () => {
	it("matches the spec rules after every open, update and close", () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(op, { maxLength: 40 }), (latencyMax, ops) => {
				const { producer } = track({ latencyMax });
				const live: { sub: TrackSubscriber; options: SubscribeOptions }[] = [];
				let liveMax = -1;
				for (const o of ops) {
					if (o.kind === "groups") {
						for (let i = 0; i < o.count; i++) producer.appendGroup().finish();
						liveMax += o.count;
						continue;
					}
					if (o.kind === "open") {
						live.push({ sub: producer.subscribe(o.options), options: o.options });
					} else if (live.length > 0) {
						const entry = live[o.index % live.length]!;
						if (o.kind === "update") {
							entry.sub.update(o.options);
							entry.options = o.options;
						} else {
							entry.sub.close();
							live.splice(live.indexOf(entry), 1);
						}
					}
					expect(producer.subscription).toEqual(oracle(live.map((l) => l.options), latencyMax, liveMax));
				}
				for (const l of live) l.sub.close();
			}),
			{ numRuns: 300 },
		);
	});

	it("a hostile start of 2^53-1 or an absurd end does not stop delivery to the other subscribers", async () => {
		const { producer } = track();
		const honest = producer.subscribe();
		const hostile = producer.subscribe({ startGroup: Number.MAX_SAFE_INTEGER, endGroup: Number.MAX_SAFE_INTEGER });
		const reversed = producer.subscribe({ startGroup: 500, endGroup: 1 });
		// What a relay forwards upstream: still from the live edge, unbounded.
		expect(producer.subscription?.startGroup).toBeUndefined();
		expect(producer.subscription?.endGroup).toBeUndefined();
		producer.writeFrame(1, new Uint8Array([1]));
		const group = (await honest.recvGroup())!;
		expect(group.sequence).toBe(0);
		group.close();
		for (const s of [honest, hostile, reversed]) s.close();
	});
});
