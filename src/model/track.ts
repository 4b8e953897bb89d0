// The JS half of a track: name, accepted info, terminal state, live subscribers and wakeups. The group
// index, cache, fetch queue and subscription aggregate live in WASM under `id`.
import { CancelError, ClosedError, FrameTooLargeError } from "../error.js";
import { Out, Result } from "../contract.js";
import { Attempt, codeError, drain, type StateExports } from "./core.js";
import type { Engine } from "../wasm/engine.js";
import type { Clock } from "./clock.js";
import type { Context } from "./context.js";
import { type Datagram, DatagramBuffer, MAX_DATAGRAM_BYTES } from "./datagram.js";
import { GroupConsumer, GroupProducer, GroupState } from "./group.js";
import {
	type SubscribeOptions,
	type Subscription,
	type Timestamp,
	type TrackInfo,
	priority,
	scaleTimestamp,
	sequence,
} from "./info.js";
import { Closed, Notify, type WaitOptions, abortable, woken } from "./notify.js";
import { TrackSubscriber } from "./subscriber.js";
import { TrackDynamic } from "./track-dynamic.js";

// When the last handle to a track is collected, its WASM rows go too (open groups' readers get Dropped).
// A runtime without FinalizationRegistry keeps them: cached groups still expire, only the rows stay.
const released =
	typeof FinalizationRegistry === "function"
		? new FinalizationRegistry<{ ctx: { engine: Engine; core: StateExports }; id: number }>(({ ctx, id }) => {
				ctx.core.trackFree(id);
				drain(ctx.engine);
			})
		: undefined;

export class TrackState {
	readonly name: string;
	readonly ctx: Context;
	readonly id: number;
	info: TrackInfo | undefined;
	readonly closed = new Closed();
	/** Set by abort, even after a clean completion (closed then stays null). */
	#aborted: Error | undefined;
	readonly subscribers = new Set<TrackSubscriber>();
	readonly datagrams = new DatagramBuffer();
	subscription: Subscription | undefined;
	/** Info accepted, track closed. */
	readonly infoChanged = new Notify();
	/** The aggregate changed. */
	readonly subscriptionChanged = new Notify();
	/** A fetch attempt was queued, or the track closed. */
	readonly requested = new Notify();
	/** Open GroupConsumers over this track's groups. */
	#readers = 0;
	/** When the track last became idle (no subscription, no open reader), in ctx.now() ms; undefined while busy. */
	#idleSince: number | undefined;
	/** Busy/idle transitions. */
	readonly activity = new Notify();

	constructor(name: string, ctx: Context, info?: TrackInfo) {
		this.name = name;
		this.ctx = ctx;
		this.id = ctx.core.trackNew(ctx.pool);
		this.#idleSince = ctx.now();
		released?.register(this, { ctx: { engine: ctx.engine, core: ctx.core }, id: this.id });
		if (info) this.accept(info);
	}

	get error(): Error | undefined {
		return this.#aborted;
	}

	/** The declared exclusive final sequence (asked of WASM, which holds it). */
	get final(): number | undefined {
		const final = this.ctx.core.trackFinal(this.id);
		return final < 0 ? undefined : final;
	}

	/** The live edge reached the final sequence. */
	get complete(): boolean {
		return this.ctx.core.trackComplete(this.id) === 1;
	}

	/** Commits the info once; later calls keep the first. */
	accept(info: TrackInfo): void {
		if (this.info) return;
		this.info = info;
		this.ctx.core.trackSetLatency(this.id, info.latencyMax);
		this.readAggregate();
		this.infoChanged.notify();
	}

	async waitInfo(signal?: AbortSignal): Promise<TrackInfo> {
		for (;;) {
			signal?.throwIfAborted();
			if (this.info) return this.info;
			if (this.error) throw this.error;
			if (this.closed.value === null) throw new ClosedError(`track ${this.name} finished without info`);
			await woken(this.infoChanged, signal);
		}
	}

	/** A live group at `seq` (-1: the live edge + 1), offered to every subscriber. */
	createGroup(seq: number): GroupProducer {
		const slot = this.ctx.core.trackCreateGroup(this.id, seq, this.ctx.now());
		if (slot < 0) throw codeError(slot, this.error, `track ${this.name} group ${seq}`);
		const group = new GroupState(this.ctx.engine.out(Out.sequence), slot, this);
		const done = this.ctx.engine.out(Out.complete) === 1;
		drain(this.ctx.engine);
		for (const sub of this.subscribers) sub.offer(group);
		if (done) this.#complete();
		return new GroupProducer(this, group);
	}

	/** A datagram at `seq` (-1: the live edge + 1): takes the sequence, reaches current subscribers only. */
	writeDatagram(seq: number, timestamp: Timestamp, payload: Uint8Array): number {
		if (payload.byteLength > MAX_DATAGRAM_BYTES) throw new FrameTooLargeError(payload.byteLength, MAX_DATAGRAM_BYTES);
		const ts = scaleTimestamp(timestamp, this.info!.timescale);
		const r = this.ctx.core.trackDatagram(this.id, seq);
		if (r < 0) throw codeError(r, this.error, `track ${this.name} datagram ${seq}`);
		const datagram: Datagram = { sequence: this.ctx.engine.out(Out.sequence), timestamp: ts, payload };
		const done = this.ctx.engine.out(Out.complete) === 1;
		// Nobody to read it now means nobody ever will: datagrams are not replayed.
		if (this.subscribers.size > 0) {
			this.datagrams.push(datagram, this.ctx.now());
			for (const sub of this.subscribers) sub.wake();
		}
		if (done) this.#complete();
		return datagram.sequence;
	}

	finish(final?: number): void {
		const state = this.ctx.core;
		const r = final === undefined ? state.trackFinish(this.id) : state.trackFinishAt(this.id, sequence(final));
		if (r < 0) throw codeError(r, this.error, `finish track ${this.name}`);
		const done = this.ctx.engine.out(Out.complete) === 1;
		drain(this.ctx.engine);
		if (done) this.#complete();
	}

	abort(err: Error): void {
		if (this.#aborted) return;
		this.#aborted = err;
		this.closed.settle(err);
		this.ctx.core.trackAbort(this.id);
		drain(this.ctx.engine, err);
		this.#wake();
	}

	latestGroup(): GroupConsumer | undefined {
		const slot = this.ctx.core.trackLatest(this.id);
		return slot < 0 ? undefined : new GroupConsumer(this.ctx.engine.groups[slot]!);
	}

	/** Reads the aggregate the last subscription call wrote and notifies on change. */
	readAggregate(): void {
		const prev = this.subscription;
		const next: Subscription | undefined =
			this.ctx.engine.out(Out.subscribers) === 0
				? undefined
				: {
						priority: this.ctx.engine.out(Out.priority),
						ordered: this.ctx.engine.out(Out.ordered) === 1,
						latencyMax: this.ctx.engine.out(Out.latencyMax),
						startGroup: this.ctx.engine.out(Out.start) < 0 ? undefined : this.ctx.engine.out(Out.start),
						endGroup: this.ctx.engine.out(Out.end) < 0 ? undefined : this.ctx.engine.out(Out.end),
					};
		if (
			prev?.priority === next?.priority &&
			prev?.ordered === next?.ordered &&
			prev?.latencyMax === next?.latencyMax &&
			prev?.startGroup === next?.startGroup &&
			prev?.endGroup === next?.endGroup
		) {
			return;
		}
		this.subscription = next;
		this.subscriptionChanged.notify();
		this.#touch();
	}

	/** @internal A GroupConsumer of one of our groups opened (+1) or closed (-1). */
	readerDelta(delta: number): void {
		this.#readers += delta;
		this.#touch();
	}

	#touch(): void {
		const idle = this.subscription === undefined && this.#readers === 0;
		if (idle === (this.#idleSince !== undefined)) return;
		this.#idleSince = idle ? this.ctx.now() : undefined;
		this.activity.notify();
	}

	/** True once the track has stayed idle — no subscription, no open group reader — for `ms`; false if it closed.
	 * 2^53−1 ms and above is no limit: only the close ends the wait, no timer is armed. */
	async idleFor(ms: number, signal?: AbortSignal): Promise<boolean> {
		for (;;) {
			signal?.throwIfAborted();
			if (this.closed.value !== undefined) return false;
			if (this.#idleSince === undefined || ms >= Number.MAX_SAFE_INTEGER) {
				// Closing is the other way out.
				await Promise.race([woken(this.activity, signal), this.closed.promise]);
				continue;
			}
			const left = this.#idleSince + ms - this.ctx.now();
			if (left <= 0) return true;
			// The timer is the context's: a test's ManualClock fires it when it advances past the deadline.
			let cancel: (() => void) | undefined;
			const due = new Promise<void>((r) => (cancel = this.ctx.clock.after(left, r)));
			await Promise.race([due, woken(this.activity, signal)]).finally(() => cancel!());
		}
	}

	/** The aggregate after its next change (or when the track closes). */
	async nextSubscription(signal?: AbortSignal): Promise<Subscription | undefined> {
		if (this.closed.value === undefined) await woken(this.subscriptionChanged, signal);
		signal?.throwIfAborted();
		return this.subscription;
	}

	/** Waits until the track has subscribers (`want`) or has none, or closed. */
	async demand(want: boolean, signal?: AbortSignal): Promise<void> {
		for (;;) {
			signal?.throwIfAborted();
			if ((this.subscription !== undefined) === want || this.closed.value !== undefined) return;
			await woken(this.subscriptionChanged, signal);
		}
	}

	fetchGroup(seq: number, prio: number): Promise<GroupState> {
		const { core, engine } = this.ctx;
		const r = core.trackFetch(this.id, seq, prio, this.ctx.now());
		if (r < 0) return Promise.reject(codeError(r, this.error, `fetch ${this.name} group ${seq}`));
		const id = engine.out(Out.handle);
		if (r === Result.fetchHit) return Promise.resolve(engine.groups[id]!);
		if (r === Result.fetchQueued) {
			engine.attempts[id] = new Attempt();
			this.requested.notify();
		}
		return engine.attempts[id]!.promise;
	}

	#complete(): void {
		this.closed.settle(null);
		this.#wake();
	}

	#wake(): void {
		this.infoChanged.notify();
		this.requested.notify();
		this.subscriptionChanged.notify();
		for (const sub of this.subscribers) sub.wake();
	}
}

/** Options of TrackConsumer.fetchGroup. */
export interface FetchOptions extends WaitOptions {
	/** Delivery priority of the fetch (0-255); joiners of one attempt raise it to their max. */
	priority?: number;
}

/**
 * The write side of a track with known info. Obtained from BroadcastProducer.createTrack or
 * TrackRequest.accept.
 */
export class TrackProducer {
	readonly #t: TrackState;

	constructor(state: TrackState) {
		this.#t = state;
	}

	get name(): string {
		return this.#t.name;
	}

	get info(): TrackInfo {
		return this.#t.info!;
	}

	/** The clock this track's cache measures time with (its origin's `ModelOptions.clock`). */
	get clock(): Clock {
		return this.#t.ctx.clock;
	}

	/** null when the track completed (finish, or finishAt's boundary reached), the error when aborted. */
	get closed(): Promise<Error | null> {
		return this.#t.closed.promise;
	}

	/** Creates the group `seq`: Duplicate if cached, Closed at or past the final sequence. */
	createGroup(seq: number): GroupProducer {
		return this.#t.createGroup(sequence(seq));
	}

	/** Creates the group after the live edge (0 first). */
	appendGroup(): GroupProducer {
		return this.#t.createGroup(-1);
	}

	/** A one-frame group after the live edge. */
	writeFrame(timestamp: Timestamp, payload: Uint8Array): void {
		const group = this.appendGroup();
		group.writeFrame(timestamp, payload);
		group.finish();
	}

	/**
	 * A best-effort single-frame group after the live edge (spec §3.8); returns its sequence. Never cached:
	 * only subscribers reading within MAX_DATAGRAM_AGE ms get it. Payloads above 65535 bytes are refused.
	 */
	appendDatagram(timestamp: Timestamp, payload: Uint8Array): number {
		return this.#t.writeDatagram(-1, timestamp, payload);
	}

	/** A datagram at an explicit sequence (a relay forwarding without renumbering); advances the live edge. */
	writeDatagram(seq: number, timestamp: Timestamp, payload: Uint8Array): void {
		this.#t.writeDatagram(sequence(seq), timestamp, payload);
	}

	/** The declared exclusive final sequence, once finish/finishAt was called. */
	get final(): number | undefined {
		return this.#t.final;
	}

	/** Declares the end at the live edge + 1. Existing groups stay readable. */
	finish(): void {
		this.#t.finish();
	}

	/** Declares a future exclusive end (must be above the live edge); lower groups may still be created. */
	finishAt(final: number): void {
		this.#t.finish(final);
	}

	/** Clears the cache; subscribers, readers and pending fetches get `err`. */
	abort(err: Error = new CancelError()): void {
		this.#t.abort(err);
	}

	/** The aggregate of live subscriptions, undefined when nobody subscribes. */
	get subscription(): Subscription | undefined {
		return this.#t.subscription;
	}

	/** Resolves with the aggregate the next time it changes (or when the track closes). */
	subscriptionChanged(options: WaitOptions = {}): Promise<Subscription | undefined> {
		return this.#t.nextSubscription(options.signal);
	}

	/** Resolves once at least one subscriber exists (or the track closed). */
	used(options: WaitOptions = {}): Promise<void> {
		return this.#t.demand(true, options.signal);
	}

	/** Resolves once no subscriber is left (or the track closed). */
	unused(options: WaitOptions = {}): Promise<void> {
		return this.#t.demand(false, options.signal);
	}

	/**
	 * Resolves true once the track has stayed idle for `ms` — no subscriber and no open GroupConsumer of its
	 * groups (close the ones you abandon) — or false when it closed first. A relay releases idle copies this way.
	 */
	idleFor(ms: number, options: WaitOptions = {}): Promise<boolean> {
		return this.#t.idleFor(ms, options.signal);
	}

	/** A handler for fetches of groups that are not cached. Close it when done serving. */
	dynamic(): TrackDynamic {
		return new TrackDynamic(this.#t);
	}

	/** A cheap reader handle on this track. */
	consume(): TrackConsumer {
		return new TrackConsumer(this.#t);
	}

	/** An in-process subscription (immediate: the info is known). */
	subscribe(options: SubscribeOptions = {}): TrackSubscriber {
		return new TrackSubscriber(this.#t, options);
	}

	/** The highest cached group. */
	latestGroup(): GroupConsumer | undefined {
		return this.#t.latestGroup();
	}
}

/** A cheap handle on a track whose info may not be known yet (spec §5.2). */
export class TrackConsumer {
	readonly #t: TrackState;

	constructor(state: TrackState) {
		this.#t = state;
	}

	get name(): string {
		return this.#t.name;
	}

	/** The clock this track's cache measures time with (its origin's `ModelOptions.clock`). */
	get clock(): Clock {
		return this.#t.ctx.clock;
	}

	get closed(): Promise<Error | null> {
		return this.#t.closed.promise;
	}

	/** The track's info once whoever serves it has accepted. */
	info(options: WaitOptions = {}): Promise<TrackInfo> {
		return this.#t.waitInfo(options.signal);
	}

	/**
	 * Subscribes; resolves once the info is known. The subscription counts in the aggregate at once, so a
	 * handler deciding how to serve the track already sees it.
	 */
	async subscribe(options: SubscribeOptions = {}, wait: WaitOptions = {}): Promise<TrackSubscriber> {
		const sub = new TrackSubscriber(this.#t, options);
		try {
			await this.#t.waitInfo(wait.signal);
		} catch (err) {
			sub.close();
			throw err;
		}
		return sub;
	}

	/**
	 * One group by sequence (spec §5.6): cached → at once; track aborted → its error; at or past the final
	 * sequence → NotFound; else joins or creates one attempt served by a TrackDynamic (NotFound when none).
	 */
	fetchGroup(seq: number, options: FetchOptions = {}): Promise<GroupConsumer> {
		try {
			// The attempt is shared: an abort only detaches this caller, and a detached caller counts as no reader.
			const group = abortable(this.#t.fetchGroup(sequence(seq), priority(options.priority ?? 0)), options.signal);
			return group.then((g) => new GroupConsumer(g));
		} catch (err) {
			return Promise.reject(err);
		}
	}

	/** The highest cached group. */
	latestGroup(): GroupConsumer | undefined {
		return this.#t.latestGroup();
	}
}
