// A track someone asked for before anyone served it (spec §5.3): joinable by name, counted as a fetch
// handler until answered, accepted with the track's info or rejected.
import { ClosedError, NotFoundError } from "../error.js";
import { drain } from "./core.js";
import { type Subscription, type TrackInfo, trackInfo } from "./info.js";
import type { WaitOptions } from "./notify.js";
import { TrackProducer, type TrackState } from "./track.js";
import { TrackDynamic } from "./track-dynamic.js";

/** How a request reports its answer to the broadcast that queued it. */
export interface RequestOwner {
	answered(request: TrackRequest, accepted: boolean): void;
}

export class TrackRequest {
	readonly #t: TrackState;
	readonly #owner: RequestOwner;
	#answered = false;

	constructor(track: TrackState, owner: RequestOwner) {
		this.#t = track;
		this.#owner = owner;
		track.ctx.core.trackHandlers(track.id, 1);
	}

	get name(): string {
		return this.#t.name;
	}

	/** @internal */
	get state(): TrackState {
		return this.#t;
	}

	/** The aggregate of subscribers already waiting on this track (undefined: fetch or info only). */
	get subscription(): Subscription | undefined {
		return this.#t.subscription;
	}

	/** The aggregate after its next change, e.g. to update an upstream request before accepting. */
	subscriptionChanged(options: WaitOptions = {}): Promise<Subscription | undefined> {
		return this.#t.nextSubscription(options.signal);
	}

	/** Resolves once no subscriber waits on this track any more (or it closed): a relay may give up upstream. */
	unused(options: WaitOptions = {}): Promise<void> {
		return this.#t.demand(false, options.signal);
	}

	/** A fetch handler usable before (and after) accepting, e.g. to serve a fetch-only track. */
	dynamic(): TrackDynamic {
		return new TrackDynamic(this.#t);
	}

	/** Commits the info (kept if a GroupRequest already set it) and returns the producer. */
	accept(info?: Partial<TrackInfo>): TrackProducer {
		this.#answer();
		if (this.#t.error) throw this.#t.error;
		this.#t.accept(trackInfo(info));
		this.#owner.answered(this, true);
		return new TrackProducer(this.#t);
	}

	/** Fails every subscriber and fetch waiting on this track. */
	reject(err: Error = new NotFoundError(`track ${this.#t.name} not found`)): void {
		if (this.#answered) return;
		this.#answer();
		this.#t.abort(err);
		this.#owner.answered(this, false);
	}

	get answered(): boolean {
		return this.#answered;
	}

	// An answered request no longer counts as a fetch handler.
	#answer(): void {
		if (this.#answered) throw new ClosedError(`track request ${this.#t.name} already answered`);
		this.#answered = true;
		this.#t.ctx.core.trackHandlers(this.#t.id, -1);
		drain(this.#t.ctx.engine);
	}
}
