// The subscriber half's session state: subscribe ids routing group streams to remote tracks, the announce
// stream feeding the `subscribe` origin, and the OriginDynamic that pulls unannounced paths through the peer.
import type { U62 } from "../codec/index.js";
import { BroadcastProducer, type BroadcastRequest, type OriginDynamic, type OriginProducer, type TrackProducer } from "../model/index.js";
import { runAnnounced } from "./announce.js";
import type { SessionOptions } from "./options.js";
import { RemoteBroadcast } from "./remote.js";
import type { Session } from "./session.js";

export class Subscriber {
	readonly #s: Session;
	readonly #origin: OriginProducer | undefined;
	readonly #prefixes: readonly string[];
	readonly #pull: boolean;
	/** Live upstream subscriptions by id; ids are never reused. */
	readonly #routes = new Map<number, TrackProducer>();
	#next = 0;

	constructor(s: Session, options: SessionOptions) {
		this.#s = s;
		this.#origin = options.subscribe;
		const prefix = options.announcePrefix ?? "";
		this.#prefixes = typeof prefix === "string" ? [prefix] : prefix;
		this.#pull = options.pull ?? true;
	}

	/** Opens the announce stream and the on-demand handler (Rust does this at session start, spec §4.1). */
	start(): void {
		const origin = this.#origin;
		if (!origin) return;
		for (const prefix of this.#prefixes) void runAnnounced(this.#s, origin, prefix);
		if (!this.#pull) return;
		const dynamic = origin.dynamic();
		this.#s.onClose(() => dynamic.close());
		void this.#serveRequests(dynamic);
	}

	/** A new subscribe id routed to `track`. */
	register(track: TrackProducer): number {
		const id = this.#next++;
		this.#routes.set(id, track);
		return id;
	}

	unregister(id: number): void {
		this.#routes.delete(id);
	}

	/** The track a GROUP header's subscribe id names, if that subscription is still live. */
	route(id: U62): TrackProducer | undefined {
		return typeof id === "number" ? this.#routes.get(id) : undefined;
	}

	// Every unannounced path asked of the subscribe origin is a broadcast the peer may serve: accept at once,
	// and let its TRACK/SUBSCRIBE/FETCH streams report NotFound/Unroutable if it does not.
	async #serveRequests(dynamic: OriginDynamic): Promise<void> {
		for (;;) {
			let request: BroadcastRequest;
			try {
				request = await dynamic.requestedBroadcast();
			} catch {
				return;
			}
			const producer = new BroadcastProducer(this.#origin?.options);
			// Paths on the wire are relative to the subscribe origin's root (the local mount point).
			const remote = new RemoteBroadcast(this.#s, request.path, producer);
			try {
				request.accept(producer);
			} catch (err) {
				remote.abort(err as Error);
			}
		}
	}
}
