// An origin: broadcasts by path. Announced broadcasts come from createBroadcast, and each announcement is a
// prefix route (moq-lite-versions §2.4): a path with no announcement of its own resolves to the announcement of
// its longest segment-wise prefix, which serves it or refuses it (never a broader one). Paths no announcement
// covers can be served on demand by an OriginDynamic and are never announced (spec §5.7).
import { DuplicateError, UnroutableError } from "../error.js";
import { hasPrefix, joinPath, normalizePath, stripPrefix } from "../path.js";
import { AnnouncedConsumer } from "./announced.js";
import { BroadcastConsumer, BroadcastProducer, type BroadcastState, broadcastState } from "./broadcast.js";
import type { ModelOptions } from "./context.js";
import { Notify, type WaitOptions, abortable, woken } from "./notify.js";
import { OriginDynamic } from "./origin-dynamic.js";

/** A broadcast request waiting for a handler; every requester of the path shares it. */
export interface PendingBroadcast {
	readonly path: string;
	readonly promise: Promise<BroadcastConsumer>;
	resolve(b: BroadcastState): void;
	reject(err: Error): void;
}

export class OriginState {
	readonly options: ModelOptions;
	readonly announced = new Map<string, BroadcastState>();
	/** Waiters for an announcement, by exact path: a change wakes only those of its path. */
	readonly #waiting = new Map<string, { notify: Notify; count: number }>();
	readonly listeners = new Set<AnnouncedConsumer>();
	/** Broadcasts a route (`via`) or a handler (no `via`) served, held weakly: reused while someone still holds them. */
	readonly served = new Map<string, { ref: WeakRef<BroadcastState>; via: BroadcastState | undefined }>();
	readonly requests = new Map<string, PendingBroadcast>();
	readonly queue: PendingBroadcast[] = [];
	readonly handlers = new Set<OriginDynamic>();
	readonly requested = new Notify();

	constructor(options: ModelOptions) {
		this.options = options;
	}

	announce(path: string, b: BroadcastState): void {
		if (this.announced.has(path)) throw new DuplicateError(`broadcast ${path} already announced`);
		this.announced.set(path, b);
		this.#publish(path, b);
		// A request already waiting for this path is answered by the announcement.
		this.requests.get(path)?.resolve(b);
		b.closed.onSettle(() => {
			if (this.announced.get(path) !== b) return;
			this.announced.delete(path);
			this.#publish(path, undefined);
		});
	}

	/**
	 * Announced at `path` → it; else the longest announced prefix of `path` serves it (or refuses: no fall-through
	 * to a broader route); else spec §5.7's handler order: served and alive, pending (join), new if a handler
	 * covers it, otherwise Unroutable.
	 */
	request(path: string): Promise<BroadcastConsumer> {
		const announced = this.announced.get(path);
		if (announced) return Promise.resolve(new BroadcastConsumer(announced));
		const route = this.route(path);
		if (route) return this.#below(route, path);
		const served = this.liveServed(path, undefined);
		if (served) return Promise.resolve(new BroadcastConsumer(served));
		const pending = this.requests.get(path);
		if (pending) return pending.promise;
		if (!this.covered(path)) return Promise.reject(new UnroutableError(`broadcast ${path}: not announced and no handler`));
		const created = this.#pending(path);
		this.queue.push(created);
		this.requested.notify();
		return created.promise;
	}

	/** The announcement of the longest segment-wise prefix strictly above `path`, if any. */
	route(path: string): { path: string; state: BroadcastState } | undefined {
		if (path === "") return undefined;
		for (let end = path.lastIndexOf("/"); ; end = path.lastIndexOf("/", end - 1)) {
			const prefix = end < 0 ? "" : path.slice(0, end);
			const state = this.announced.get(prefix);
			if (state) return { path: prefix, state };
			if (end <= 0) return undefined;
		}
	}

	// The winning route's answer for a path below it: its broadcast for the path (shared while alive), or its refusal.
	#below(route: { path: string; state: BroadcastState }, path: string): Promise<BroadcastConsumer> {
		const served = this.liveServed(path, route.state);
		if (served) return Promise.resolve(new BroadcastConsumer(served));
		const below = route.state.below;
		// A plain broadcast routes nothing below itself: no route, and no fall-through to a broader one either.
		if (!below) return Promise.reject(new UnroutableError(`broadcast ${path}: the announcement of ${JSON.stringify(route.path)} serves only itself`));
		let b: BroadcastState;
		try {
			b = below(path);
		} catch (err) {
			return Promise.reject(err as Error);
		}
		this.served.set(path, { ref: new WeakRef(b), via: route.state });
		return Promise.resolve(new BroadcastConsumer(b));
	}

	/** What `via` (a route, or undefined for a handler) served for `path`, if still alive. */
	liveServed(path: string, via: BroadcastState | undefined): BroadcastState | undefined {
		const entry = this.served.get(path);
		if (!entry || entry.via !== via) return undefined;
		const b = entry.ref.deref();
		if (b && b.closed.value === undefined && via?.closed.value === undefined) return b;
		this.served.delete(path);
		return undefined;
	}

	covered(path: string): boolean {
		for (const h of this.handlers) if (hasPrefix(path, h.root)) return true;
		return false;
	}

	#pending(path: string): PendingBroadcast {
		let resolve!: (b: BroadcastConsumer) => void;
		let reject!: (e: Error) => void;
		const promise = new Promise<BroadcastConsumer>((res, rej) => {
			resolve = res;
			reject = rej;
		});
		const done = (): void => {
			if (this.requests.get(path) === pending) this.requests.delete(path);
			const queued = this.queue.indexOf(pending);
			if (queued >= 0) this.queue.splice(queued, 1);
		};
		const pending: PendingBroadcast = {
			path,
			promise,
			resolve: (b) => {
				done();
				resolve(new BroadcastConsumer(b));
			},
			reject: (e) => {
				done();
				reject(e);
			},
		};
		this.requests.set(path, pending);
		return pending;
	}

	#publish(path: string, b: BroadcastState | undefined): void {
		for (const listener of this.listeners) listener.update(path, b);
		this.#waiting.get(path)?.notify.notify();
	}

	/** Resolves on the next announce change at `path` (or when `signal` aborts). */
	async changedAt(path: string, signal: AbortSignal | undefined): Promise<void> {
		let entry = this.#waiting.get(path);
		if (!entry) this.#waiting.set(path, (entry = { notify: new Notify(), count: 0 }));
		entry.count++;
		try {
			await woken(entry.notify, signal);
		} finally {
			// The last waiter of a path takes its entry along: lookups that gave up leave nothing behind.
			if (--entry.count === 0) this.#waiting.delete(path);
		}
	}
}

/** The write side of an origin: the only way announced content enters it. */
export class OriginProducer {
	readonly #o: OriginState;
	readonly #root: string;

	constructor(options: ModelOptions = {}, state?: OriginState, root = "") {
		this.#o = state ?? new OriginState(options);
		this.#root = root;
	}

	/** Paths of this handle are relative to this root. */
	get root(): string {
		return this.#root;
	}

	/** What broadcasts created for this origin share: its engine, clock and byte budget. */
	get options(): ModelOptions {
		return this.#o.options;
	}

	/**
	 * Announces a new broadcast at `path` (Duplicate while one is live there); unannounced when it closes.
	 * `below` makes the announcement a prefix route: a request for a path under `path` with no announcement of
	 * its own (nor a longer announced prefix) gets the broadcast `below` returns for it (paths relative to this
	 * handle's root). Without it such a request is refused with Unroutable.
	 */
	createBroadcast(path: string, options: { below?: (path: string) => BroadcastProducer } = {}): BroadcastProducer {
		const abs = joinPath(this.#root, normalizePath(path));
		if (this.#o.announced.has(abs)) throw new DuplicateError(`broadcast ${abs} already announced`);
		const producer = new BroadcastProducer(this.#o.options);
		const state = broadcastState(producer);
		const below = options.below;
		const root = this.#root;
		if (below) state.below = (p) => broadcastState(below(stripPrefix(p, root)!));
		this.#o.announce(abs, state);
		return producer;
	}

	/** A handler for requests of unannounced paths under this root. Close it when done serving. */
	dynamic(): OriginDynamic {
		return new OriginDynamic(this.#o, this.#root);
	}

	consume(): OriginConsumer {
		return new OriginConsumer(this.#o, this.#root);
	}

	/** The same origin with paths relative to `prefix` (below the current root). */
	withRoot(prefix: string): OriginProducer {
		return new OriginProducer(this.#o.options, this.#o, joinPath(this.#root, normalizePath(prefix)));
	}
}

export class OriginConsumer {
	readonly #o: OriginState;
	readonly #root: string;

	constructor(state: OriginState, root: string) {
		this.#o = state;
		this.#root = root;
	}

	get root(): string {
		return this.#root;
	}

	/** Announced broadcasts under `prefix`: the current set first, then updates as they happen. */
	announced(prefix = ""): AnnouncedConsumer {
		return new AnnouncedConsumer(this.#o, joinPath(this.#root, normalizePath(prefix)), this.#root);
	}

	/** Waits for an announcement of exactly `path` (use right after connecting, instead of racing it). */
	async announcedBroadcast(path: string, options: WaitOptions = {}): Promise<BroadcastConsumer> {
		const abs = joinPath(this.#root, normalizePath(path));
		for (;;) {
			options.signal?.throwIfAborted();
			const b = this.#o.announced.get(abs);
			if (b) return new BroadcastConsumer(b);
			await this.#o.changedAt(abs, options.signal);
		}
	}

	/**
	 * The broadcast at `path`: announced → at once; else one an OriginDynamic already served and still
	 * alive; else joins a pending request; else a new request if a handler covers the path, otherwise
	 * Unroutable (30) at once. The request is registered synchronously.
	 */
	requestBroadcast(path: string, options: WaitOptions = {}): Promise<BroadcastConsumer> {
		let abs: string;
		try {
			abs = joinPath(this.#root, normalizePath(path));
		} catch (err) {
			return Promise.reject(err);
		}
		return abortable(this.#o.request(abs), options.signal);
	}

	/** The same origin with paths relative to `prefix` (below the current root). */
	withRoot(prefix: string): OriginConsumer {
		return new OriginConsumer(this.#o, joinPath(this.#root, normalizePath(prefix)));
	}
}
