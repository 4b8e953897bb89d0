// Groups: frames stay in JS (payloads are never copied into WASM); the WASM slot tracks the group's state,
// retained frame count and bytes, and its cache access stamp.
import { Result } from "../contract.js";
import { ClosedError, CancelError, LaggedError } from "../error.js";
import type { Context } from "./context.js";
import { drain, frameError, type StateExports } from "./core.js";
import { type Timestamp, scaleTimestamp } from "./info.js";
import { type Cause, Closed, Notify, type WaitOptions, woken } from "./notify.js";
import type { TrackState } from "./track.js";

export interface Frame {
	/** In the track's timescale. */
	readonly timestamp: number;
	/** Shared with every reader: treat as read-only. */
	readonly payload: Uint8Array;
}

/** JS half of one cached group: the retained frames and who waits on them. */
export class GroupState {
	readonly sequence: number;
	readonly slot: number;
	/** Retained frames; `base` is the index of frames[0] among all frames ever written. */
	readonly frames: Frame[] = [];
	base = 0;
	/** Payload bytes of `frames`. */
	bytes = 0;
	/** Whether it finished, frozen once its slot left WASM; until then WASM's group state is the one answer. */
	#released: boolean | undefined;
	/** Open GroupConsumers; `unused` fires when the last one closes. */
	readers = 0;
	/** A reader has existed: before the first one, an empty count means "not read yet", not "abandoned". */
	read = false;
	/** Someone waits for the readers to leave: new readers are then also counted out when collected. */
	watched = false;
	#error: Cause | undefined;
	// Allocated only when someone waits: most groups are written and read without ever blocking.
	#changed: Notify | undefined;
	#readersChanged: Notify | undefined;
	#closed: Closed | undefined;

	/** The track counts open readers across its groups, to know when it is idle. Weak: a reader of a finished
	 * group must not keep a track nobody else holds from being collected (and its WASM rows freed). */
	readonly #track: WeakRef<{ readerDelta(delta: number): void }>;
	readonly #core: StateExports;

	constructor(sequence: number, slot: number, track: { readerDelta(delta: number): void; readonly ctx: Context }) {
		this.sequence = sequence;
		this.slot = slot;
		this.#track = new WeakRef(track);
		this.#core = track.ctx.core;
		track.ctx.engine.groups[slot] = this;
	}

	get finished(): boolean {
		return this.#released ?? this.#core.groupFinished(this.slot) === 1;
	}

	/** @internal The slot left WASM (expired, evicted, cleared, freed or aborted). */
	release(finished: boolean): void {
		this.#released = finished;
	}

	/** Frames written so far, including dropped ones. */
	get count(): number {
		return this.base + this.frames.length;
	}

	get changed(): Notify {
		return (this.#changed ??= new Notify());
	}

	/** The reader count reached 0 (waited on by GroupProducer.unused). */
	get readersChanged(): Notify {
		return (this.#readersChanged ??= new Notify());
	}

	addReader(): void {
		this.readers++;
		this.read = true;
		this.#track.deref()?.readerDelta(1);
	}

	dropReader(): void {
		this.readers--;
		this.#track.deref()?.readerDelta(-1);
		if (this.readers === 0) this.#readersChanged?.notify();
		// Wakes a read pending on the reader that closed.
		this.wake();
	}

	get closed(): Promise<Error | null> {
		if (!this.#closed) {
			this.#closed = new Closed();
			// A clean finish is terminal: a later eviction fails readers but does not rewrite it.
			if (this.finished) this.#closed.settle(null);
			else if (this.#error) this.#closed.settle(this.#error);
		}
		return this.#closed.promise;
	}

	/** New frames, finish or failure. */
	wake(): void {
		this.#changed?.notify();
	}

	/** WASM marked the group finished: settle and wake. */
	finish(): void {
		this.#closed?.settle(null);
		this.wake();
	}

	/** The abort or eviction error, made on first look. */
	get error(): Error | undefined {
		if (typeof this.#error === "function") this.#error = this.#error();
		return this.#error;
	}

	get failed(): boolean {
		return this.#error !== undefined;
	}

	fail(cause: Cause): void {
		this.#error ??= cause;
		// Reads of a failed group throw before touching frames: release the payloads, so a handle still held
		// (a group stream waiting for transport credit to a stalled peer) does not pin them.
		this.base += this.frames.length;
		this.frames.length = 0;
		this.bytes = 0;
		this.#closed?.settle(cause);
		this.wake();
	}
}

// A reader of a watched group that is dropped without close() leaves once collected. Only watched groups
// (an open remote fetch) pay for the registration; elsewhere an unclosed reader just keeps its count.
const abandoned =
	typeof FinalizationRegistry === "function" ? new FinalizationRegistry<GroupState>((s) => s.dropReader()) : undefined;

/** Writes frames into one group. Obtained from TrackProducer.createGroup/appendGroup or GroupRequest.accept. */
export class GroupProducer {
	readonly #track: TrackState;
	readonly #state: GroupState;

	constructor(track: TrackState, state: GroupState) {
		this.#track = track;
		this.#state = state;
	}

	get sequence(): number {
		return this.#state.sequence;
	}

	/** Frames written so far. */
	get frameCount(): number {
		return this.#state.count;
	}

	/** null once finished, the error once aborted or evicted. */
	get closed(): Promise<Error | null> {
		return this.#state.closed;
	}

	/**
	 * Appends a frame. A group retains at most 1024 frames / 32 MiB: beyond that the oldest frames are dropped
	 * and readers that had not reached them get LaggedError.
	 */
	writeFrame(timestamp: Timestamp, payload: Uint8Array): void {
		const s = this.#usable();
		const ts = scaleTimestamp(timestamp, this.#track.info!.timescale);
		const { core: state, engine } = this.#track.ctx;
		const r = state.groupWrite(s.slot, payload.byteLength, this.#track.ctx.now());
		if (r < 0) throw frameError(r, payload.byteLength);
		s.frames.push({ timestamp: ts, payload });
		s.bytes += payload.byteLength;
		if (r === Result.overLimit) {
			let more: number;
			do {
				const dropped = s.frames.shift()!;
				s.base++;
				s.bytes -= dropped.payload.byteLength;
				more = state.groupDrop(s.slot, dropped.payload.byteLength);
			} while (more === Result.overLimit);
		}
		drain(engine);
		s.wake();
	}

	/** Clean end of the group: readers get every frame, then undefined. */
	finish(): void {
		const s = this.#usable();
		this.#track.ctx.core.groupFinish(s.slot);
		s.finish();
	}

	/** Removes the group from the cache (the sequence may be created again) and fails its readers. */
	abort(err: Error = new CancelError()): void {
		const s = this.#state;
		if (s.failed) return;
		const { core, engine } = this.#track.ctx;
		s.release(s.finished);
		core.groupAbort(s.slot);
		engine.groups[s.slot] = undefined;
		s.fail(err);
	}

	/** A reader of this group from its first retained frame. */
	consume(): GroupConsumer {
		return new GroupConsumer(this.#state);
	}

	/**
	 * Resolves once every reader of the group has closed (after at least one opened it), so a group that
	 * may stay open indefinitely can stop being filled when nobody reads it any more.
	 */
	async unused(options: WaitOptions = {}): Promise<void> {
		const s = this.#state;
		s.watched = true;
		for (;;) {
			options.signal?.throwIfAborted();
			if (s.read && s.readers === 0) return;
			await woken(s.readersChanged, options.signal);
		}
	}

	// The slot is only valid while the group is alive: an evicted slot may already belong to another group.
	#usable(): GroupState {
		const s = this.#state;
		if (s.failed) throw s.error;
		if (s.finished) throw new ClosedError(`group ${s.sequence} is finished`);
		return s;
	}
}

/** Reads one group's frames in order with its own cursor. */
export class GroupConsumer {
	readonly #state: GroupState;
	#next: number;
	#closed = false;

	/** Starts at the first retained frame: a new reader has not fallen behind anything. */
	constructor(state: GroupState) {
		this.#state = state;
		this.#next = state.base;
		state.addReader();
		if (state.watched) abandoned?.register(this, state, this);
	}

	get sequence(): number {
		return this.#state.sequence;
	}

	/** Frames written so far (the group may still grow until finished). */
	get frameCount(): number {
		return this.#state.count;
	}

	/** Index of the first frame still retained (0 unless the group limits dropped leading frames). */
	get firstFrame(): number {
		return this.#state.base;
	}

	/** Payload bytes the group retains now (what holding it costs). */
	get bytes(): number {
		return this.#state.bytes;
	}

	/** null once finished, the error once aborted or evicted. */
	get closed(): Promise<Error | null> {
		return this.#state.closed;
	}

	/**
	 * Stops reading: pending and later reads return undefined. When the last reader of a fetched group that
	 * is still open closes, the fetch is cancelled (a remote one resets its FETCH stream).
	 */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		abandoned?.unregister(this);
		this.#state.dropReader();
	}

	/** The next frame, undefined at the end of a finished group or after close(); throws the abort error or LaggedError. */
	async readFrame(options: WaitOptions = {}): Promise<Frame | undefined> {
		const s = this.#state;
		for (;;) {
			options.signal?.throwIfAborted();
			if (this.#closed) return undefined;
			if (s.error) throw s.error;
			if (this.#next < s.base) {
				// Frames we had not read were dropped to respect the group limits: skip to what remains.
				this.#next = s.base;
				throw new LaggedError(`group ${s.sequence}: frames dropped before they were read`);
			}
			const frame = s.frames[this.#next - s.base];
			if (frame) {
				this.#next++;
				return frame;
			}
			if (s.finished) return undefined;
			await woken(s.changed, options.signal);
		}
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Frame> {
		for (let f = await this.readFrame(); f; f = await this.readFrame()) yield f;
	}
}
