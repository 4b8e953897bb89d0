// Shared test helpers: a manual clock, byte payloads, and settle-state probes for promises.
import { afterEach, expect } from "vitest";
import { BroadcastProducer, type ModelOptions, type TrackInfo, type TrackProducer } from "../../src/model/index.js";

export class Clock {
	ms = 0;
	readonly now = (): number => this.ms;
	advance(ms: number): void {
		this.ms += ms;
	}
}

export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** A track on a fresh standalone broadcast. */
export function track(info?: Partial<TrackInfo>, options?: ModelOptions): { broadcast: BroadcastProducer; producer: TrackProducer } {
	const broadcast = new BroadcastProducer(options);
	return { broadcast, producer: broadcast.createTrack("video", info) };
}

export type Settled<T> = { state: "pending" } | { state: "fulfilled"; value: T } | { state: "rejected"; reason: unknown };

// Every promise a test probed must have settled by the end of the test: tests close what they opened, and
// closing must release every waiter (no hanging promise is left behind).
let probes: { settled: boolean }[] = [];
afterEach(async () => {
	await new Promise((r) => setTimeout(r, 0));
	const hanging = probes.filter((p) => !p.settled).length;
	probes = [];
	expect(hanging, "promises still pending at the end of the test").toBe(0);
});

/** Where a promise stands after the microtask queue has drained. */
export async function settled<T>(p: Promise<T>): Promise<Settled<T>> {
	let result: Settled<T> = { state: "pending" };
	const probe = { settled: false };
	probes.push(probe);
	p.then(
		(value) => ((probe.settled = true), (result = { state: "fulfilled", value })),
		(reason) => ((probe.settled = true), (result = { state: "rejected", reason })),
	);
	await new Promise((r) => setTimeout(r, 0));
	return result;
}

/** Fails unless the promise settles (fulfils or rejects) within `ms`. */
export async function settlesWithin<T>(p: Promise<T>, ms = 1000): Promise<Settled<T>> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)));
	try {
		return await Promise.race([
			p.then(
				(value): Settled<T> => ({ state: "fulfilled", value }),
				(reason): Settled<T> => ({ state: "rejected", reason }),
			),
			timeout,
		]);
	} finally {
		clearTimeout(timer);
	}
}
