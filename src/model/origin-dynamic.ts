// On-demand broadcasts (spec §5.7, OriginDynamic): requests for unannounced paths under the handler's root,
// answered with a live broadcast (shared by every requester, never announced) or an error.
import { ClosedError, NotFoundError, UnroutableError } from "../error.js";
import { hasPrefix, stripPrefix } from "../path.js";
import { type BroadcastConsumer, type BroadcastProducer, broadcastState } from "./broadcast.js";
import { type WaitOptions, woken } from "./notify.js";
import type { OriginState, PendingBroadcast } from "./origin.js";

export class OriginDynamic {
	readonly root: string;
	readonly #o: OriginState;
	readonly #taken = new Set<PendingBroadcast>();
	#closed = false;

	constructor(origin: OriginState, root: string) {
		this.#o = origin;
		this.root = root;
		origin.handlers.add(this);
	}

	/** The next request under this handler's root (FIFO). Rejects with Closed after close(). */
	async requestedBroadcast(options: WaitOptions = {}): Promise<BroadcastRequest> {
		const o = this.#o;
		for (;;) {
			options.signal?.throwIfAborted();
			if (this.#closed) throw new ClosedError("origin dynamic closed");
			const i = o.queue.findIndex((p) => hasPrefix(p.path, this.root));
			if (i >= 0) {
				const pending = o.queue.splice(i, 1)[0]!;
				this.#taken.add(pending);
				return new BroadcastRequest(o, pending, stripPrefix(pending.path, this.root)!, this.#taken);
			}
			await woken(o.requested, options.signal);
		}
	}

	/**
	 * Hands the handler back. Queued requests no other handler covers fail with Unroutable, and so do the
	 * requests this handler took but never answered.
	 */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		const o = this.#o;
		o.handlers.delete(this);
		for (const pending of [...o.queue]) if (!o.covered(pending.path)) pending.reject(new UnroutableError(`broadcast ${pending.path}: no handler left`));
		for (const pending of this.#taken) pending.reject(new UnroutableError(`broadcast ${pending.path}: request dropped unanswered`));
		this.#taken.clear();
		o.requested.notify();
	}
}

/** One requested broadcast path (relative to the handler's root). */
export class BroadcastRequest {
	readonly path: string;
	readonly #o: OriginState;
	readonly #pending: PendingBroadcast;
	readonly #taken: Set<PendingBroadcast>;

	constructor(origin: OriginState, pending: PendingBroadcast, path: string, taken: Set<PendingBroadcast>) {
		this.#o = origin;
		this.#pending = pending;
		this.path = path;
		this.#taken = taken;
	}

	/**
	 * Resolves every requester with `broadcast` (kept producing by the handler) and remembers it weakly for
	 * later requests. If another live broadcast was already served for the path, requesters get that one.
	 */
	accept(broadcast: BroadcastProducer | BroadcastConsumer): void {
		const p = this.#settle();
		const o = this.#o;
		const existing = o.liveServed(p.path, undefined);
		const served = existing ?? broadcastState(broadcast);
		if (!existing) o.served.set(p.path, { ref: new WeakRef(served), via: undefined });
		p.resolve(served);
	}

	reject(err: Error = new NotFoundError(`broadcast ${this.#pending.path} not found`)): void {
		this.#settle().reject(err);
	}

	// Answered, or failed because its handler closed: either way the requesters already have their answer.
	#settle(): PendingBroadcast {
		const p = this.#pending;
		if (this.#o.requests.get(p.path) !== p) throw new ClosedError(`broadcast request ${p.path} already answered`);
		this.#taken.delete(p);
		return p;
	}
}
