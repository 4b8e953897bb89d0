// On-demand tracks: a BroadcastDynamic takes queued TrackRequests (FIFO) and answers them.
import { ClosedError, DroppedError } from "../error.js";
import type { BroadcastState } from "./broadcast.js";
import { type WaitOptions, woken } from "./notify.js";
import type { TrackRequest } from "./track-request.js";

/**
 * While at least one is open, looking up an unknown track queues a TrackRequest instead of failing with
 * NotFound. close(): with no handler left, queued requests fail with Dropped, and the requests this handler
 * took but never answered fail with Dropped too.
 */
export class BroadcastDynamic {
	readonly #b: BroadcastState;
	readonly #taken = new Set<TrackRequest>();
	#closed = false;

	constructor(broadcast: BroadcastState) {
		this.#b = broadcast;
		broadcast.handlers++;
	}

	/** The next requested track. Rejects with Closed once the broadcast finishes or this handler closes. */
	async requestedTrack(options: WaitOptions = {}): Promise<TrackRequest> {
		const b = this.#b;
		for (;;) {
			options.signal?.throwIfAborted();
			if (b.aborted) throw b.aborted;
			if (this.#closed || b.finishing) throw new ClosedError("no more track requests");
			for (const taken of this.#taken) if (taken.answered) this.#taken.delete(taken);
			const request = b.queue.shift();
			if (request) {
				this.#taken.add(request);
				return request;
			}
			await woken(b.requested, options.signal);
		}
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		const b = this.#b;
		if (--b.handlers === 0) b.failQueued(new DroppedError("no track handler left"));
		for (const request of this.#taken) if (!request.answered) request.reject(new DroppedError("track request dropped unanswered"));
		this.#taken.clear();
		b.requested.notify();
	}
}
