// On-demand serving of groups that are not cached (spec §5.6): a TrackDynamic takes fetch attempts off the
// WASM queue as GroupRequests and answers them with a group or an error.
import { ClosedError, DroppedError, DuplicateError, NotFoundError } from "../error.js";
import { Out, Result } from "../contract.js";
import { type Attempt, codeError, drain } from "./core.js";
import { GroupProducer, GroupState } from "./group.js";
import { type TrackInfo, trackInfo } from "./info.js";
import { type WaitOptions, woken } from "./notify.js";
import type { TrackState } from "./track.js";

/**
 * A handler for fetches of uncached groups. While at least one is open (or the track is an unaccepted
 * TrackRequest), a cache miss queues an attempt instead of failing with NotFound. close() hands the
 * handler back: with none left, queued attempts fail with NotFound, and the requests this handler took
 * but never answered fail with Dropped.
 */
export class TrackDynamic {
	readonly #t: TrackState;
	readonly #outstanding = new Set<GroupRequest>();
	#closed = false;

	constructor(track: TrackState) {
		this.#t = track;
		track.ctx.core.trackHandlers(track.id, 1);
	}

	/** The next requested group, highest priority first. Rejects once the track aborts or close() is called. */
	async requestedGroup(options: WaitOptions = {}): Promise<GroupRequest> {
		const t = this.#t;
		for (;;) {
			options.signal?.throwIfAborted();
			if (this.#closed) throw new ClosedError("track dynamic closed");
			if (t.error) throw t.error;
			const a = t.ctx.core.trackRequested(t.id);
			if (a !== Result.none) {
				const request = new GroupRequest(t, a, t.ctx.engine.out(Out.sequence), t.ctx.engine.attempts[a]!, this.#outstanding);
				this.#outstanding.add(request);
				return request;
			}
			await woken(t.requested, options.signal);
		}
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#t.ctx.core.trackHandlers(this.#t.id, -1);
		drain(this.#t.ctx.engine);
		for (const request of this.#outstanding) request.reject(new DroppedError("group request dropped unanswered"));
		this.#t.requested.notify();
	}
}

/** One requested group: answer with accept() (then fill the producer) or reject(). */
export class GroupRequest {
	readonly sequence: number;
	readonly #t: TrackState;
	readonly #attempt: number;
	readonly #waiters: Attempt;
	readonly #outstanding: Set<GroupRequest>;
	#priority: number;
	#answered = false;

	constructor(track: TrackState, attempt: number, seq: number, waiters: Attempt, outstanding: Set<GroupRequest>) {
		this.#t = track;
		this.#attempt = attempt;
		this.sequence = seq;
		this.#waiters = waiters;
		this.#outstanding = outstanding;
		this.#priority = track.ctx.core.attemptPriority(attempt);
	}

	/** Max priority of every fetch waiting on this group (it rises as more callers join). */
	get priority(): number {
		if (!this.#waiters.settled) this.#priority = this.#t.ctx.core.attemptPriority(this.#attempt);
		return this.#priority;
	}

	/**
	 * Inserts a fresh group into the cache (fetched backfill: never delivered to live subscribers) and
	 * resolves every waiter with it. `info` sets the track's info if it was not accepted yet.
	 */
	accept(info?: Partial<TrackInfo>): GroupProducer {
		const t = this.#t;
		if (t.error) throw t.error;
		if (this.#answered) throw new ClosedError(`group request ${this.sequence} already answered`);
		// Settled without us: the producer created this sequence live (the waiters already have it), or a
		// final sequence below it made it unfetchable.
		if (this.#waiters.filled) throw new DuplicateError(`group ${this.sequence} already created`);
		if (this.#waiters.settled) throw new ClosedError(`group ${this.sequence} is no longer requested`);
		if (!t.info) t.accept(trackInfo(info));
		const slot = t.ctx.core.attemptAccept(this.#attempt, t.ctx.now());
		if (slot < 0) throw codeError(slot, t.error, `accept group ${this.sequence}`);
		const group = new GroupState(this.sequence, slot, t);
		drain(t.ctx.engine);
		this.#answered = true;
		this.#outstanding.delete(this);
		return new GroupProducer(t, group);
	}

	/** Fails every waiter with `err`. Not sticky: a later fetch starts a new attempt. */
	reject(err: Error = new NotFoundError(`group ${this.sequence} not found`)): void {
		this.#answered = true;
		this.#outstanding.delete(this);
		if (this.#waiters.settled) return;
		this.#t.ctx.core.attemptReject(this.#attempt);
		this.#t.ctx.engine.attempts[this.#attempt] = undefined;
		this.#waiters.fail(err);
	}
}
