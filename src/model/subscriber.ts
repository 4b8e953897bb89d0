// One reader of a track's live groups. Its wire preference is a row in the WASM aggregate; its read
// cursor (floor, cap, last returned) is local and invisible to the publisher (spec §5.4).
import { core, drain } from "./core.js";
import { GroupConsumer, type Frame, type GroupState } from "./group.js";
import { type SubscribeOptions, type TrackInfo, priority, sequence } from "./info.js";
import { Closed, Notify, type WaitOptions, woken } from "./notify.js";
import type { TrackState } from "./track.js";

function row(o: SubscribeOptions): [number, number, number, number, number] {
	return [
		priority(o.priority ?? 0),
		o.ordered ? 1 : 0,
		o.latencyMax ?? 0,
		o.startGroup === undefined ? -1 : sequence(o.startGroup),
		o.endGroup === undefined ? -1 : sequence(o.endGroup),
	];
}

/** Obtained from TrackConsumer.subscribe or TrackProducer.subscribe. */
export class TrackSubscriber {
	readonly #t: TrackState;
	readonly #row: number;
	#options: SubscribeOptions;
	/** Live groups not yet returned, sorted by sequence (arrivals are almost always appends). */
	#pending: GroupState[] = [];
	#floor: number;
	#cap = Infinity;
	#last = -1;
	/** Length at which dead (evicted/aborted) entries are next swept, so an idle reader stays bounded. */
	#sweepAt = 64;
	readonly #changed = new Notify();
	readonly #closed = new Closed();

	constructor(track: TrackState, options: SubscribeOptions) {
		this.#t = track;
		this.#options = { ...options };
		this.#row = core().subOpen(track.id, ...row(options));
		track.readAggregate();
		track.subscribers.add(this);
		this.#floor = options.startGroup ?? 0;
		// Start with the cached live groups from startGroup on, or with the live edge when unset.
		const listed: GroupState[] = [];
		core().trackList(track.id, options.startGroup ?? -1);
		drain(undefined, listed);
		this.#pending = listed.sort((a, b) => a.sequence - b.sequence);
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
		const p = this.#pending;
		let i = p.length;
		while (i > 0 && p[i - 1]!.sequence > group.sequence) i--;
		p.splice(i, 0, group);
		if (p.length >= this.#sweepAt) {
			this.#pending = p.filter((g) => !g.failed);
			this.#sweepAt = Math.max(64, this.#pending.length * 2);
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
		core().subUpdate(this.#row, ...values);
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
		core().subClose(this.#row);
		this.#t.readAggregate();
		this.#pending = [];
		this.#changed.notify();
	}

	async #take(monotonic: boolean, signal: AbortSignal | undefined): Promise<GroupConsumer | undefined> {
		for (;;) {
			signal?.throwIfAborted();
			if (this.#closed.value instanceof Error) throw this.#closed.value;
			if (this.#closed.value === null) return undefined;
			const p = this.#pending;
			// Sorted: skip dead and out-of-range entries at the front; the first survivor is ours unless parked.
			let i = 0;
			while (i < p.length) {
				const g = p[i]!;
				if (g.failed || g.sequence < this.#floor || (monotonic && g.sequence <= this.#last)) i++;
				else break;
			}
			if (i > 0) p.splice(0, i);
			const next = p[0];
			if (next && next.sequence <= this.#cap) {
				p.shift();
				this.#last = Math.max(this.#last, next.sequence);
				return new GroupConsumer(next);
			}
			if (this.#t.complete && !next) {
				this.#end(null);
				return undefined;
			}
			await woken(this.#changed, signal);
		}
	}
}
