// What every track in an origin shares: the clock the caches measure idle time with, and the optional
// byte budget. Passed down origin → broadcast → track; tests inject a manual clock.
import { BoundsExceededError } from "../error.js";
import { core } from "./core.js";

/** An origin-wide byte budget: over capacity, the least recently accessed groups are evicted (Evicted, 31). */
export class Pool {
	readonly capacity: number;
	readonly id: number;

	constructor(capacityBytes: number) {
		if (!(capacityBytes >= 0)) throw new BoundsExceededError(`pool capacity must be >= 0 bytes, got ${capacityBytes}`);
		this.capacity = capacityBytes;
		this.id = core().poolNew(capacityBytes);
	}

	/** Bytes charged: payloads retained plus a fixed overhead per cached group. */
	get used(): number {
		return core().poolUsed(this.id);
	}
}

export interface ModelOptions {
	/** Monotonic clock in ms (default `performance.now`). */
	now?: () => number;
	/** Byte budget shared by every track created under this origin/broadcast. */
	pool?: Pool;
}

export interface Context {
	readonly now: () => number;
	readonly pool: number;
}

export function context(options: ModelOptions = {}): Context {
	return { now: options.now ?? (() => performance.now()), pool: options.pool?.id ?? -1 };
}
