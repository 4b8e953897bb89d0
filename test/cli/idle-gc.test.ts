// The relay's collection after a crowd left (src/cli/idle-gc.ts): once per drop to half the peak (and by at least
// minDrop sessions), never for small or partial drops; after any session left once RSS grew by minGrowth since the
// last collection; V8's own collection really frees an abandoned heap.
import { afterEach, expect, it, vi } from "vitest";
import { collectAfterCrowds } from "../../src/cli/idle-gc.js";

afterEach(() => void vi.useRealTimers());

it("collects once after the session count falls to half its peak, by at least minDrop", () => {
	vi.useFakeTimers();
	let sessions = 0;
	const peaks: number[] = [];
	const collect = vi.fn();
	const stop = collectAfterCrowds(() => sessions, { every: 1000, minDrop: 20, rss: () => 0, collect, onCollect: (i) => peaks.push(i.peak) });
	const at = (n: number) => {
		sessions = n;
		vi.advanceTimersByTime(1000);
	};
	at(100);
	at(60); // not half the peak yet
	expect(collect).not.toHaveBeenCalled();
	at(40);
	expect(collect).toHaveBeenCalledTimes(1);
	at(40); // nothing more left
	at(30); // a drop of 10 from the new peak (40)
	expect(collect).toHaveBeenCalledTimes(1);
	at(70);
	at(30);
	expect(collect).toHaveBeenCalledTimes(2);
	at(10); // from 30: a drop of 20, to a third
	at(0); // from 10: too small
	expect(collect).toHaveBeenCalledTimes(3);
	expect(peaks).toEqual([100, 70, 30]);
	at(15);
	at(0); // 15 < minDrop
	expect(collect).toHaveBeenCalledTimes(3);
	stop();
	at(100);
	at(0);
	expect(collect).toHaveBeenCalledTimes(3);
});

it("collects when a session leaves after RSS grew by minGrowth since the last collection, once per growth", () => {
	vi.useFakeTimers();
	const MIB = 2 ** 20;
	let sessions = 4;
	let rss = 100 * MIB;
	const collect = vi.fn();
	const stop = collectAfterCrowds(() => sessions, { every: 1000, minGrowth: 64 * MIB, rss: () => rss, collect });
	const at = (n: number, mib: number) => {
		sessions = n;
		rss = mib * MIB;
		vi.advanceTimersByTime(1000);
	};
	at(4, 300); // grown, but nobody left
	at(5, 300);
	expect(collect).not.toHaveBeenCalled();
	at(3, 300); // one left while 200 MiB above the start
	expect(collect).toHaveBeenCalledTimes(1);
	at(3, 300);
	at(2, 300); // left again, but no new growth since the collection (say the memory is live)
	expect(collect).toHaveBeenCalledTimes(1);
	at(3, 350);
	at(2, 350); // 50 MiB more: under minGrowth
	expect(collect).toHaveBeenCalledTimes(1);
	at(3, 370);
	at(2, 370);
	expect(collect).toHaveBeenCalledTimes(2);
	stop();
});

it("V8's collection frees what a crowd left behind", async () => {
	const MIB = 1024 * 1024;
	const baseline = process.memoryUsage().heapUsed;
	let sessions = 50;
	// A heap a crowd leaves: unreachable once the sessions are gone, not yet collected (50 × 100,000 slots, ~40 MiB).
	let crowd: unknown[] | undefined = Array.from({ length: 50 }, () => new Array(100_000).fill({}));
	expect(process.memoryUsage().heapUsed - baseline).toBeGreaterThan(32 * MIB);
	const done = new Promise<number>((resolve) => {
		const stop = collectAfterCrowds(() => sessions, {
			every: 5,
			onCollect: (info) => {
				stop();
				resolve(info.freedBytes);
			},
		});
	});
	crowd = undefined;
	sessions = 0;
	const freed = await done;
	expect(crowd).toBeUndefined();
	expect(freed).toBeGreaterThanOrEqual(0);
	// Whichever collection ran first, once ours has the heap is back near where it was before the crowd (V8 may
	// have collected part of it on its own already, so what ours freed is not asserted).
	expect(process.memoryUsage().heapUsed - baseline).toBeLessThan(16 * MIB);
});
