// A relay that served a crowd and is quiet again keeps the crowd's memory until V8 runs a full collection, which an
// idle process may not do for a long time: after 100 sessions × 99 SUBSCRIBEs left, RSS stayed at idle + 390 MiB
// for 10 s and more, and one forced full collection brought it to idle + 66 MiB (requests.md, serving, 02:18 UTC).
// So once the session count has fallen to half its peak since the last collection, and by at least `minDrop`, the
// relay collects once. A collection costs a pause proportional to the live heap, paid only after such a drop.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export interface IdleCollectOptions {
	/** How often the session count is looked at, ms (default 1000). */
	every?: number;
	/** The smallest drop that is worth a collection (default 20 sessions). */
	minDrop?: number;
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

/** Watches `sessions()` and collects after a crowd left; returns the stop function. The timer never keeps the
 * process alive. */
export function collectAfterCrowds(sessions: () => number, options: IdleCollectOptions = {}): () => void {
	const minDrop = options.minDrop ?? 20;
	let collect = options.collect;
	let peak = sessions();
	const timer = setInterval(() => {
		const now = sessions();
		if (now > peak) peak = now;
		if (peak - now < minDrop || now > peak / 2) return;
		collect ??= v8Collect();
		const before = process.memoryUsage().heapUsed;
		collect();
		options.onCollect?.({ peak, now, freedBytes: Math.max(0, before - process.memoryUsage().heapUsed) });
		peak = now;
	}, options.every ?? 1000);
	timer.unref();
	return () => clearInterval(timer);
}
