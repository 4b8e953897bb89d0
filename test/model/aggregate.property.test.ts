import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SubscribeOptions, Subscription, TrackSubscriber } from "../../src/model/index.js";
import { track } from "./helpers.js";

// The aggregate rules of spec §5.4, written independently of the WASM implementation.
function oracle(subs: SubscribeOptions[], trackLatencyMax: number): Subscription | undefined {
	if (subs.length === 0) return undefined;
	const starts = subs.map((s) => s.startGroup).filter((s): s is number => s !== undefined);
	const unbounded = subs.some((s) => s.endGroup === undefined);
	return {
		priority: Math.max(...subs.map((s) => s.priority ?? 0)),
		ordered: subs.every((s) => s.ordered === true),
		latencyMax: Math.min(Math.max(...subs.map((s) => s.latencyMax ?? 0)), trackLatencyMax),
		startGroup: starts.length > 0 ? Math.min(...starts) : undefined,
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

type Op = { kind: "open"; options: SubscribeOptions } | { kind: "update"; index: number; options: SubscribeOptions } | { kind: "close"; index: number };

const op: fc.Arbitrary<Op> = fc.oneof(
	fc.record({ kind: fc.constant("open" as const), options }),
	fc.record({ kind: fc.constant("update" as const), index: fc.nat(), options }),
	fc.record({ kind: fc.constant("close" as const), index: fc.nat() }),
);

describe("subscription aggregate (property)", () => {
	it("matches the spec rules after every open, update and close", () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000 }), fc.array(op, { maxLength: 40 }), (latencyMax, ops) => {
				const { producer } = track({ latencyMax });
				const live: { sub: TrackSubscriber; options: SubscribeOptions }[] = [];
				for (const o of ops) {
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
					expect(producer.subscription).toEqual(oracle(live.map((l) => l.options), latencyMax));
				}
				for (const l of live) l.sub.close();
			}),
			{ numRuns: 300 },
		);
	});
});
