// Time as the model sees it: a monotonic clock and one-shot timers, injected through ModelOptions (quinn's
// "handle_timeout(now)" split). The model never reads the platform clock itself: `systemClock` is the one
// place that does, and ManualClock lets a test drive time by hand.

/** 2020-01-01T00:00Z: the epoch of moq-lite media time (what a relay stamps untimed frames with, §3.7). */
export const EPOCH_2020_MS = Date.UTC(2020, 0, 1);

export interface Clock {
	/** Monotonic milliseconds; the system clock counts them from EPOCH_2020_MS. */
	now(): number;
	/** Runs `fn` once `ms` have passed on this clock; returns a cancel function. */
	after(ms: number, fn: () => void): () => void;
}

/** setTimeout fires at once beyond 2^31-1 ms; callers re-check the remainder when a clamped timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Wall time at process start on the 2020 epoch: constant, and the timeOrigin getter costs a native call. */
const ORIGIN_MS = performance.timeOrigin - EPOCH_2020_MS;

export const systemClock: Clock = {
	// Wall time at process start plus monotonic time since: never steps back, and usable as a media timestamp.
	now: () => ORIGIN_MS + performance.now(),
	after(ms, fn) {
		const timer = setTimeout(fn, Math.min(ms, MAX_TIMER_MS));
		return () => clearTimeout(timer);
	},
};

/** A clock that moves only when told to: `advance(ms)` runs every timer that came due, in due order. */
export class ManualClock implements Clock {
	#ms: number;
	#timers: { at: number; fn: () => void }[] = [];

	constructor(start = 0) {
		this.#ms = start;
	}

	readonly now = (): number => this.#ms;

	after(ms: number, fn: () => void): () => void {
		const timer = { at: this.#ms + Math.max(0, ms), fn };
		this.#timers.push(timer);
		return () => {
			const i = this.#timers.indexOf(timer);
			if (i >= 0) this.#timers.splice(i, 1);
		};
	}

	/** Timers not yet run. */
	get pending(): number {
		return this.#timers.length;
	}

	advance(ms: number): void {
		const target = this.#ms + ms;
		for (;;) {
			let next: { at: number; fn: () => void } | undefined;
			for (const t of this.#timers) if (t.at <= target && (!next || t.at < next.at)) next = t;
			if (!next) break;
			this.#timers.splice(this.#timers.indexOf(next), 1);
			this.#ms = next.at;
			next.fn();
		}
		this.#ms = target;
	}
}

