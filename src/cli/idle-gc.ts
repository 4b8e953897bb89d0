// A relay that served a crowd and is quiet again keeps the crowd's memory until V8 runs a full collection, which an
// idle process may not do for a long time: after 100 sessions × 99 SUBSCRIBEs left, RSS stayed at idle + 390 MiB
// for 10 s and more, and one forced full collection brought it to idle + 66 MiB (requests.md, serving, 02:18 UTC).
// A few heavy sessions leave the same way (a publisher of 1 MiB groups, a stalled subscriber: RSS stayed at idle +
// 140–220 MiB with three sessions gone, attack suite 04:45 UTC). So the relay collects once when the session count
// has fallen to half its peak since the last collection (by at least `minDrop`), or when any session left while
// RSS is `minGrowth` above what it was after the last collection. A collection costs a pause proportional to the
// live heap, paid only after such a drop, and at most once per `minGrowth` of new memory for the second rule.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface IdleCollectOptions {
	/** How often the session count is looked at, ms (default 1000). */
	every?: number;
	/** The smallest drop that is worth a collection (default 20 sessions). */
	minDrop?: number;
	/** Growth of RSS since the last collection that makes any session's leaving worth one (default 64 MiB). */
	minGrowth?: number;
	/** The process's resident set size, bytes (default `process.memoryUsage.rss`). */
	rss?: () => number;
	/** A full collection (default V8's own, exposed at run time). */
	collect?: () => void;
	/** Told after each collection: sessions before and after the drop, and what it freed. */
	onCollect?: (info: { peak: number; now: number; freedBytes: number }) => void;
}

/** V8's full collection, exposed once: the flag makes `gc` appear in contexts created after it. */
function v8Collect(): () => void {
	setFlagsFromString("--expose-gc");
	return runInNewContext("gc") as () => void;
}

/** Watches `sessions()` and collects after a crowd (or a heavy session) left; returns the stop function. The timer
 * never keeps the process alive. */
export function collectAfterCrowds(sessions: () => number, options: IdleCollectOptions = {}): () => void {
	const minDrop = options.minDrop ?? 20;
	const minGrowth = options.minGrowth ?? 64 * 2 ** 20;
	const rss = options.rss ?? process.memoryUsage.rss;
	let collect = options.collect;
	let peak = sessions();
	let last = peak;
	let settled = rss();
	const timer = setInterval(() => {
		const now = sessions();
		if (now > peak) peak = now;
		const left = now < last;
		last = now;
		const crowdLeft = peak - now >= minDrop && now <= peak / 2;
		if (!crowdLeft && !(left && rss() - settled >= minGrowth)) return;
		collect ??= v8Collect();
		const before = process.memoryUsage().heapUsed;
		collect();
		options.onCollect?.({ peak, now, freedBytes: Math.max(0, before - process.memoryUsage().heapUsed) });
		peak = now;
		settled = rss();
	}, options.every ?? 1000);
	timer.unref();
	return () => clearInterval(timer);
}
