// A broadcast: tracks by name, served up front (createTrack), reserved (reserveTrack) or on demand
// (BroadcastDynamic). Lookup order of track(name) follows spec §5.3.
import { CancelError, ClosedError, DroppedError, DuplicateError, NotFoundError } from "../error.js";
import { type Context, type ModelOptions, context } from "./context.js";
import { type TrackInfo, trackInfo } from "./info.js";
import { Closed, Notify } from "./notify.js";
import { TrackConsumer, TrackProducer, TrackState } from "./track.js";
import { type RequestOwner, TrackRequest } from "./track-request.js";
import { BroadcastDynamic } from "./broadcast-dynamic.js";

/** A u62 origin (hop) id, as the wire carries it: a number up to 2^53 - 1, else a bigint. */
export type OriginId = number | bigint;

export class BroadcastState implements RequestOwner {
	readonly ctx: Context;
	readonly tracks = new Map<string, TrackState>();
	/** Unanswered requests by name, queued or already handed to a handler: both are joinable. */
	readonly requests = new Map<string, TrackRequest>();
	/** Requests no handler has taken yet, FIFO. */
	readonly queue: TrackRequest[] = [];
	handlers = 0;
	finishing = false;
	readonly requested = new Notify();
	readonly closed = new Closed();
	/** Set by abort, even after a clean finish (closed then stays null). */
	aborted: Error | undefined;
	hops: readonly OriginId[] = [];
	/**
	 * Set on an announced broadcast that is also a prefix route (moq-lite-versions §2.4): serves a path below its
	 * own (absolute in the origin) with a broadcast of its own. Unset: the announcement serves its exact path only.
	 */
	below: ((path: string) => BroadcastState) | undefined;

	constructor(ctx: Context) {
		this.ctx = ctx;
	}

	track(name: string): TrackState {
		if (this.aborted) throw new DroppedError(`broadcast closed: ${this.aborted.message}`);
		const live = this.#liveTrack(name);
		if (live) return live;
		const pending = this.requests.get(name);
		if (pending) return pending.state;
		if (this.finishing) throw new NotFoundError(`track ${name}: broadcast finishing`);
		if (this.handlers === 0) throw new NotFoundError(`track ${name} not found`);
		const request = this.#request(name);
		this.queue.push(request);
		this.requested.notify();
		return request.state;
	}

	createTrack(name: string, info: TrackInfo): TrackState {
		this.#open();
		if (this.#liveTrack(name)) throw new DuplicateError(`track ${name} already exists`);
		const pending = this.requests.get(name);
		if (pending) {
			pending.accept(info);
			return pending.state;
		}
		const state = new TrackState(name, this.ctx, info);
		this.tracks.set(name, state);
		return state;
	}

	reserveTrack(name: string): TrackRequest {
		this.#open();
		if (this.#liveTrack(name) || this.requests.has(name)) throw new DuplicateError(`track ${name} already exists`);
		return this.#request(name);
	}

	/** @internal TrackRequest answered. */
	answered(request: TrackRequest, accepted: boolean): void {
		const name = request.name;
		if (this.requests.get(name) === request) this.requests.delete(name);
		const queued = this.queue.indexOf(request);
		if (queued >= 0) this.queue.splice(queued, 1);
		if (accepted) this.tracks.set(name, request.state);
	}

	/** Queued requests that no handler will ever take fail with `err`. */
	failQueued(err: Error): void {
		for (const request of this.queue.splice(0)) request.reject(err);
	}

	finish(): void {
		if (this.finishing || this.closed.value !== undefined) return;
		this.finishing = true;
		this.failQueued(new NotFoundError("broadcast finished"));
		this.closed.settle(null);
		this.requested.notify();
	}

	abort(err: Error): void {
		if (this.aborted) return;
		this.aborted = err;
		this.closed.settle(err);
		this.finishing = true;
		for (const request of [...this.requests.values()]) request.reject(err);
		for (const track of this.tracks.values()) track.abort(err);
		this.tracks.clear();
		this.requested.notify();
	}

	#open(): void {
		if (this.finishing || this.closed.value !== undefined) throw new ClosedError("broadcast is closed");
	}

	#request(name: string): TrackRequest {
		const request = new TrackRequest(new TrackState(name, this.ctx), this);
		this.requests.set(name, request);
		return request;
	}

	// An aborted track is gone (its name can be served again); a finished one stays readable.
	#liveTrack(name: string): TrackState | undefined {
		const track = this.tracks.get(name);
		if (track?.error) this.tracks.delete(name);
		else return track;
		return undefined;
	}
}

const states = new WeakMap<object, BroadcastState>();

/** @internal The shared state behind a broadcast handle. */
export function broadcastState(handle: BroadcastProducer | BroadcastConsumer): BroadcastState {
	return states.get(handle)!;
}

/** The write side of a broadcast. Create one standalone or through OriginProducer.createBroadcast. */
export class BroadcastProducer {
	readonly #b: BroadcastState;

	constructor(options?: ModelOptions) {
		this.#b = new BroadcastState(context(options));
		states.set(this, this.#b);
	}

	/** null after finish(), the error after abort(). */
	get closed(): Promise<Error | null> {
		return this.#b.closed.promise;
	}

	/**
	 * The announce route (spec §5.7): origin ids the broadcast came through, oldest first; empty when published
	 * here. A relay sets it so announcing onward carries the chain and skips peers already on it.
	 */
	get hops(): readonly OriginId[] {
		return this.#b.hops;
	}

	/** A new route for the same broadcast (a publisher restart): consumers see no change but the hops. */
	set hops(hops: readonly OriginId[]) {
		this.#b.hops = Object.freeze([...hops]);
	}

	/** A track with known info. Duplicate if live; a request already queued for the name is fulfilled by it. */
	createTrack(name: string, info?: Partial<TrackInfo>): TrackProducer {
		return new TrackProducer(this.#b.createTrack(name, trackInfo(info)));
	}

	/** A track discoverable now, accepted later when its properties are known. */
	reserveTrack(name: string): TrackRequest {
		return this.#b.reserveTrack(name);
	}

	/** A handler for tracks requested on demand. */
	dynamic(): BroadcastDynamic {
		return new BroadcastDynamic(this.#b);
	}

	consume(): BroadcastConsumer {
		return new BroadcastConsumer(this.#b);
	}

	/** Deliberate end: consumers see a clean end, existing tracks stay readable, new names are NotFound. */
	finish(): void {
		this.#b.finish();
	}

	/** Ungraceful end: every track and pending request fails with `err`. */
	abort(err: Error = new CancelError()): void {
		this.#b.abort(err);
	}
}

export class BroadcastConsumer {
	readonly #b: BroadcastState;

	constructor(state: BroadcastState) {
		this.#b = state;
		states.set(this, state);
	}

	get closed(): Promise<Error | null> {
		return this.#b.closed.promise;
	}

	/** The announce route: origin ids oldest first, empty for a broadcast published locally. */
	get hops(): readonly OriginId[] {
		return this.#b.hops;
	}

	/**
	 * A handle on the named track, without a round trip (spec §5.3): a live track, else a pending request
	 * for it, else a new request for a BroadcastDynamic; NotFound when finishing or with no handler.
	 */
	track(name: string): TrackConsumer {
		return new TrackConsumer(this.#b.track(name));
	}
}
