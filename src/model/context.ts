// What every track in an origin shares: its engine (the WASM core holding the caches), the clock the caches
// measure idle time with, and the optional byte budget. Passed down origin → broadcast → track; tests inject
// a manual clock, a relay its own engine.
import { BoundsExceededError } from "../error.js";
import { defaultEngine, type Engine } from "../wasm/engine.js";
import { type Clock, systemClock } from "./clock.js";
import { type StateExports, state } from "./core.js";

/** An origin-wide byte budget: over capacity, the least recently accessed groups are evicted (Evicted, 31). */
export class Pool {
	readonly capacity: number;
	readonly id: number;
	/** The engine whose caches the budget covers. */
	readonly engine: Engine;

	constructor(capacityBytes: number, engine: Engine = defaultEngine()) {
		if (!(capacityBytes >= 0)) throw new BoundsExceededError(`pool capacity must be >= 0 bytes, got ${capacityBytes}`);
		this.capacity = capacityBytes;
		this.engine = engine;
		this.id = state(engine).poolNew(capacityBytes);
	}

	/** Bytes charged: payloads retained plus a fixed overhead per cached group. */
	get used(): number {
		return state(this.engine).poolUsed(this.id);
	}
}

export interface ModelOptions {
	/** Clock and timers (default: the platform's); a test drives a ManualClock. */
	clock?: Clock;
	/** Monotonic clock in ms, when only the time (not the timers) is replaced. */
	now?: () => number;
	/** Byte budget shared by every track created under this origin/broadcast. */
	pool?: Pool;
	/** The WASM core holding this origin's caches (default: the process's default engine; the pool's if given). */
	engine?: Engine;
}

export interface Context {
	readonly engine: Engine;
	/** The engine's state-machine exports. */
	readonly core: StateExports;
	readonly clock: Clock;
	readonly now: () => number;
	readonly pool: number;
}

/** The engine `options` name: theirs, else their pool's, else the process's default. */
export function engineOf(options: ModelOptions = {}): Engine {
	return options.engine ?? options.pool?.engine ?? defaultEngine();
}

export function context(options: ModelOptions = {}): Context {
	const engine = engineOf(options);
	if (options.pool && options.pool.engine !== engine) throw new TypeError("the pool belongs to another engine than the one given");
	const base = options.clock ?? systemClock;
	const clock = options.now ? { now: options.now, after: base.after.bind(base) } : base;
	return { engine, core: state(engine), clock, now: clock.now, pool: options.pool?.id ?? -1 };
}
