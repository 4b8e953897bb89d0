// One reader of a track's live groups. Its wire preference is a row in the WASM aggregate; its read
// cursor (floor, cap, last returned) is local and invisible to the publisher (spec §5.4).
import { drain } from "./core.js";
import type { Datagram } from "./datagram.js";
import { GroupConsumer, type Frame, type GroupState } from "./group.js";
import { type SubscribeOptions, type TrackInfo, latency, priority, sequence } from "./info.js";
import { Closed, Notify, type WaitOptions, woken } from "./notify.js";
import type { TrackState } from "./track.js";

function row(o: SubscribeOptions): [number, number, number, number, number] {
	return [
		priority(o.priority ?? 0),
		o.ordered ? 1 : 0,
		latency(o.latencyMax ?? 0),
		o.startGroup === undefined ? -1 : sequence(o.startGroup),
		o.endGroup === undefined ? -1 : sequence(o.endGroup),
	];
}

/** Obtained from TrackConsumer.subscribe or TrackProducer.subscribe. */
export class TrackSubscriber {
	readonly #t: TrackState;
	readonly #row: number;
	#options: SubscribeOptions;
	/** Live groups not yet returned, in arrival order. */
	#arrivals: GroupState[] = [];
	/** Groups that met the endAt cap, sorted by sequence: re-offered lowest first when it rises. */
	#parked: GroupState[] = [];
	#floor: number;
	#cap = Infinity;
	#last = -1;
	/** Read cursor into the track's datagram buffer. */
	#datagram: number;
	/** Length at which dead (evicted/aborted) entries are next swept, so an idle reader stays bounded. */
	#sweepAt = 64;
	readonly #changed = new Notify();
	readonly #closed = new Closed();

	constructor(track: TrackState, options: SubscribeOptions) {
		this.#t = track;
		this.#options = { ...options };
		this.#row = track.ctx.core.subOpen(track.id, ...row(options));
		track.readAggregate();
		track.subscribers.add(this);
		this.#floor = options.startGroup ?? 0;
		this.#datagram = track.datagrams.end;
		// Start with the cached live groups from startGroup on, or with the live edge when unset.
		const listed: GroupState[] = [];
		track.ctx.core.trackList(track.id, options.startGroup ?? -1);
		drain(track.ctx.engine, undefined, listed);
		this.#arrivals = listed.sort((a, b) => a.sequence - b.sequence);
		if (track.error) this.#end(track.error);
	}

	get name(): string {
		return this.#t.name;
	}

	/** Known: subscribing waited for it. */
	get info(): TrackInfo {
		return this.#t.info!;
	}

	/** This subscriber's own wire preference. */
	get subscription(): Readonly<SubscribeOptions> {
		return this.#options;
	}

	/** null when closed or the track completed, the track's error when it aborted. */
	get closed(): Promise<Error | null> {
		return this.#closed.promise;
	}

	/** The track's declared exclusive final sequence, once known. */
	get final(): number | undefined {
		return this.#t.final;
	}

	/** The highest cached group of the track. */
	latestGroup(): GroupConsumer | undefined {
		return this.#t.latestGroup();
	}

	/** @internal A live group arrived. */
	offer(group: GroupState): void {
		if (group.sequence < this.#floor || this.#closed.value !== undefined) return;
		this.#arrivals.push(group);
		if (this.#arrivals.length + this.#parked.length >= this.#sweepAt) {
			this.#arrivals = this.#arrivals.filter((g) => !g.failed);
			this.#parked = this.#parked.filter((g) => !g.failed);
			this.#sweepAt = Math.max(64, (this.#arrivals.length + this.#parked.length) * 2);
		}
		this.#changed.notify();
	}

	/** @internal The track completed or aborted. */
	wake(): void {
		const err = this.#t.error;
		if (err) this.#end(err);
		this.#changed.notify();
	}

	/**
	 * Every live group once, in arrival order (the lowest first when several are buffered), late older ones
	 * included. Groups above the endAt cap are parked and re-offered lowest first when the cap rises.
	 * undefined once the track completed with nothing parked, or after close().
	 */
	recvGroup(options: WaitOptions = {}): Promise<GroupConsumer | undefined> {
		return this.#take(false, options.signal);
	}

	/** The smallest buffered sequence above the last returned one (late arrivals are skipped). */
	nextGroup(options: WaitOptions = {}): Promise<GroupConsumer | undefined> {
		return this.#take(true, options.signal);
	}

	/** The first frame of the next group (for one-frame-per-group tracks). */
	async readFrame(options: WaitOptions = {}): Promise<Frame | undefined> {
		const group = await this.nextGroup(options);
		return group?.readFrame(options);
	}

	/**
	 * The next datagram written since this subscriber opened, oldest first; ones older than MAX_DATAGRAM_AGE
	 * are skipped. undefined once the track completed or after close(); throws the track's error.
	 */
	async recvDatagram(options: WaitOptions = {}): Promise<Datagram | undefined> {
		const t = this.#t;
		for (;;) {
			options.signal?.throwIfAborted();
			if (this.#closed.value instanceof Error) throw this.#closed.value;
			if (this.#closed.value === null) return undefined;
			const next = t.datagrams.next(this.#datagram, t.ctx.now());
			if (next >= 0) {
				this.#datagram = next + 1;
				return t.datagrams.at(next);
			}
			if (t.complete) return undefined;
			await woken(this.#changed, options.signal);
		}
	}

	/**
	 * Before the first recvGroup: lowers the floor to `seq` and takes every cached group from there (a publisher
	 * resolving a moq-lite-06 start floor, spec versions §2.5), instead of the live edge alone.
	 */
	rewind(seq: number): void {
		const t = this.#t;
		this.#floor = sequence(seq);
		const listed: GroupState[] = [];
		t.ctx.core.trackList(t.id, this.#floor);
		drain(t.ctx.engine, undefined, listed);
		const known = new Set(this.#arrivals);
		this.#arrivals = [...this.#arrivals, ...listed.filter((g) => !known.has(g))].sort((a, b) => a.sequence - b.sequence);
		this.#changed.notify();
	}

	/** Local floor: groups below it are skipped, parked ones included. */
	startAt(seq: number): void {
		this.#floor = sequence(seq);
		this.#changed.notify();
	}

	/** Local inclusive cap (undefined removes it): groups above it wait, parked. */
	endAt(seq?: number): void {
		this.#cap = seq === undefined ? Infinity : sequence(seq);
		this.#changed.notify();
	}

	/** Changes the wire preference (feeds the aggregate the publisher sees). */
	update(options: SubscribeOptions): void {
		if (this.#closed.value !== undefined) return;
		const values = row(options);
		this.#options = { ...options };
		this.#t.ctx.core.subUpdate(this.#row, ...values);
		this.#t.readAggregate();
	}

	close(): void {
		this.#end(null);
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<GroupConsumer> {
		for (let g = await this.recvGroup(); g; g = await this.recvGroup()) yield g;
	}

	#end(value: Error | null): void {
		if (!this.#closed.settle(value)) return;
		this.#t.subscribers.delete(this);
		this.#t.ctx.core.subClose(this.#row);
		this.#t.readAggregate();
		this.#arrivals = [];
		this.#parked = [];
		this.#changed.notify();
	}

	async #take(monotonic: boolean, signal: AbortSignal | undefined): Promise<GroupConsumer | undefined> {
		for (;;) {
			signal?.throwIfAborted();
			if (this.#closed.value instanceof Error) throw this.#closed.value;
			if (this.#closed.value === null) return undefined;
			const next = monotonic ? this.#smallest() : this.#oldest();
			if (next) {
				this.#last = Math.max(this.#last, next.sequence);
				return new GroupConsumer(next);
			}
			if (this.#t.complete && this.#arrivals.length === 0 && this.#parked.length === 0) {
				this.#end(null);
				return undefined;
			}
			await woken(this.#changed, signal);
		}
	}

	#dead(g: GroupState): boolean {
		return g.failed || g.sequence < this.#floor;
	}

	// recvGroup: parked groups the cap now admits (lowest first), then arrivals in order; an arrival above
	// the cap is parked on the way.
	#oldest(): GroupState | undefined {
		const parked = this.#parked;
		while (parked.length > 0 && this.#dead(parked[0]!)) parked.shift();
		if (parked.length > 0 && parked[0]!.sequence <= this.#cap) return parked.shift();
		const arrivals = this.#arrivals;
		for (let g = arrivals.shift(); g; g = arrivals.shift()) {
			if (this.#dead(g)) continue;
			if (g.sequence <= this.#cap) return g;
			this.#park(g);
		}
		return undefined;
	}

	// nextGroup: the smallest buffered sequence above the last returned; anything at or below it is a late
	// arrival and is dropped.
	#smallest(): GroupState | undefined {
		const keep = (g: GroupState): boolean => !this.#dead(g) && g.sequence > this.#last;
		this.#arrivals = this.#arrivals.filter(keep);
		this.#parked = this.#parked.filter(keep);
		let best: GroupState | undefined;
		for (const g of this.#arrivals) if (!best || g.sequence < best.sequence) best = g;
		const parked = this.#parked[0];
		if (parked && (!best || parked.sequence < best.sequence)) best = parked;
		if (!best || best.sequence > this.#cap) return undefined;
		const from = best === parked ? this.#parked : this.#arrivals;
		from.splice(from.indexOf(best), 1);
		return best;
	}

	#park(g: GroupState): void {
		const parked = this.#parked;
		let i = parked.length;
		while (i > 0 && parked[i - 1]!.sequence > g.sequence) i--;
		parked.splice(i, 0, g);
	}
}
