import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClosedError, DuplicateError, NotFoundError } from "../../src/error.js";
import type { GroupProducer } from "../../src/model/index.js";
import { track } from "./helpers.js";

type Op =
	| { kind: "create"; seq: number }
	| { kind: "append" }
	| { kind: "abort"; seq: number }
	| { kind: "finish" }
	| { kind: "fetch"; seq: number };

const seq = fc.integer({ min: 0, max: 12 });
const op: fc.Arbitrary<Op> = fc.oneof(
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant("create" as const), seq }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant("append" as const) }) },
	{ weight: 2, arbitrary: fc.record({ kind: fc.constant("abort" as const), seq }) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant("finish" as const) }) },
	{ weight: 4, arbitrary: fc.record({ kind: fc.constant("fetch" as const), seq }) },
);

describe("group cache decisions (property)", () => {
	it("create, append, abort, finish and fetch agree with a plain model of spec §5.4/§5.6", async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
				const { producer } = track({ latencyMax: 1e9 });
				const consumer = producer.consume();
				// The model: cached sequences, live edge, final.
				const cached = new Map<number, GroupProducer>();
				let liveMax = -1;
				let final: number | undefined;
				const create = (s: number): void => {
					if (final !== undefined && s >= final) {
						expect(() => producer.createGroup(s)).toThrow(ClosedError);
					} else if (cached.has(s)) {
						expect(() => producer.createGroup(s)).toThrow(DuplicateError);
					} else {
						cached.set(s, producer.createGroup(s));
						liveMax = Math.max(liveMax, s);
					}
				};
				for (const o of ops) {
					switch (o.kind) {
						case "create":
							create(o.seq);
							break;
						case "append":
							if (final !== undefined && liveMax + 1 >= final) expect(() => producer.appendGroup()).toThrow(ClosedError);
							else {
								const g = producer.appendGroup();
								expect(g.sequence).toBe(liveMax + 1);
								cached.set(g.sequence, g);
								liveMax = g.sequence;
							}
							break;
						case "abort":
							cached.get(o.seq)?.abort();
							cached.delete(o.seq);
							break;
						case "finish":
							if (final !== undefined) expect(() => producer.finish()).toThrow(ClosedError);
							else {
								producer.finish();
								final = liveMax + 1;
							}
							break;
						case "fetch": {
							// No TrackDynamic exists: a miss is always NotFound, a hit always resolves.
							const result = await consumer.fetchGroup(o.seq).then(
								(g) => g.sequence,
								(e: unknown) => e,
							);
							if (cached.has(o.seq)) expect(result).toBe(o.seq);
							else expect(result).toBeInstanceOf(NotFoundError);
							break;
						}
					}
					const latest = cached.size === 0 ? undefined : Math.max(...cached.keys());
					expect(producer.latestGroup()?.sequence).toBe(latest);
				}
			}),
			{ numRuns: 200 },
		);
	});
});
