// A broadcast served by the peer, plugged into the model: its tracks are resolved on demand (TRACK →
// TRACK_INFO → accept), each track's subscription aggregate drives one upstream SUBSCRIBE, and each
// GroupRequest of its TrackDynamic becomes a wire FETCH (05+), concurrently with the subscription.
import type { U62 } from "../codec/index.js";
import { unlimited } from "../codec/duration.js";
import { BroadcastProducer, type BroadcastDynamic, DEFAULT_TRACK_INFO, type OriginProducer, type TrackDynamic, type TrackProducer, type TrackRequest } from "../model/index.js";
import { CancelError } from "../error.js";
import { streamError } from "./error.js";
import { fetchRemote } from "./fetch.js";
import type { Session } from "./session.js";
import { Upstream } from "./upstream.js";
import { requestTrackInfo } from "./track.js";
import { hasFetch, hasTrackStream } from "./version.js";

export class RemoteBroadcast {
	readonly path: string;
	readonly #s: Session;
	readonly #producer: BroadcastProducer;
	readonly #dynamic: BroadcastDynamic;
	readonly #offClose: () => void;

	/** `route`: the announce hop chain, oldest first, ending with the peer (empty when pulled on demand). */
	constructor(s: Session, path: string, producer: BroadcastProducer, route: readonly U62[] = []) {
		this.#s = s;
		this.path = path;
		this.#producer = producer;
		producer.hops = route;
		this.#dynamic = producer.dynamic();
		this.#offClose = s.onClose(() => this.abort(s.signal.reason as Error));
		void this.#serve();
	}

	/**
	 * The peer's announcement of `path` in `origin`, as the prefix route it is (moq-lite-versions §2.4): a request
	 * for a path below it that nothing more specific claims is served by this peer too, with the same route.
	 * Throws Duplicate while another source holds the path.
	 */
	static announced(s: Session, origin: OriginProducer, path: string, route: readonly U62[]): RemoteBroadcast {
		let announced: RemoteBroadcast | undefined;
		const producer = origin.createBroadcast(path, { below: (sub) => announced!.#below(origin, sub) });
		announced = new RemoteBroadcast(s, path, producer, route);
		return announced;
	}

	// A path below this route, served by the same peer. Withdrawing the route finishes it too: requests of the
	// path resolve afresh, and what it already serves runs on to its normal end.
	#below(origin: OriginProducer, path: string): BroadcastProducer {
		const producer = new BroadcastProducer(origin.options);
		const sub = new RemoteBroadcast(this.#s, path, producer, this.route);
		void this.#producer.closed.then(() => sub.finish());
		return producer;
	}

	/** The original publisher (first hop); 0 when unknown. */
	get publisher(): U62 {
		return this.route[0] ?? 0;
	}

	get route(): readonly U62[] {
		return this.#producer.hops;
	}

	/** A new route for the same broadcast (a 05 restart by the same publisher): consumers see nothing. */
	set route(hops: readonly U62[]) {
		this.#producer.hops = hops;
	}

	/**
	 * Unannounced: consumers see a clean end, new track names are refused. The route is retracted, nothing more
	 * (moq-lite-versions §2.3): tracks and track requests already in flight run on to their normal end.
	 */
	finish(): void {
		this.#offClose();
		this.#producer.finish();
	}

	/** The route died (announce stream lost, session closed). */
	abort(err: Error): void {
		this.#offClose();
		this.#dynamic.close();
		this.#producer.abort(err);
	}

	async #serve(): Promise<void> {
		for (;;) {
			let request: TrackRequest;
			try {
				request = await this.#dynamic.requestedTrack();
			} catch {
				return;
			}
			void serveTrack(this.#s, this.path, request);
		}
	}
}

async function serveTrack(s: Session, path: string, request: TrackRequest): Promise<void> {
	// Created before accept so a fetch queued meanwhile keeps a handler (and waits instead of NotFound).
	const fetcher = hasFetch(s.version) ? request.dynamic() : undefined;
	let track: TrackProducer;
	try {
		// 03/04 carry no TRACK_INFO (moq-lite-versions §3.7): the defaults — no retention limit, clamped by our cache
		// ceiling, and timescale 1000 for the frames stamped as they arrive (recv-group.ts).
		const info = hasTrackStream(s.version) ? await s.until(requestTrackInfo(s, path, request.name)) : (s.guard?.clampInfo(DEFAULT_TRACK_INFO) ?? DEFAULT_TRACK_INFO);
		track = request.accept(info);
	} catch (err) {
		// Rejected first: a fetch queued meanwhile then fails with the peer's refusal (e.g. Unroutable), not with
		// the NotFound of a track left without a handler.
		request.reject(streamError(err));
		return fetcher?.close();
	}
	let done = false;
	const offClose = s.onClose(() => track.abort(s.signal.reason as Error));
	void track.closed.then((err) => {
		done = true;
		offClose();
		// A finished track can still FETCH past groups it never cached (or evicted) until the session ends.
		if (err || !fetcher) fetcher?.close();
		else s.onClose(() => fetcher.close());
	});
	const fetches = new Set<Promise<void>>();
	if (fetcher) void serveFetches(s, path, track.name, fetcher, fetches);
	void releaseWhenIdle(s, track, fetches);
	await driveSubscription(s, path, track, () => done);
}

async function serveFetches(s: Session, path: string, name: string, fetcher: TrackDynamic, inflight: Set<Promise<void>>): Promise<void> {
	for (;;) {
		let fetch: Promise<void>;
		try {
			fetch = fetchRemote(s, path, name, await fetcher.requestedGroup()).catch(() => {});
		} catch {
			return;
		}
		inflight.add(fetch);
		void fetch.then(() => inflight.delete(fetch));
	}
}

/**
 * The track idle linger (spec §5.9): a copy with no subscriber, no open reader and no FETCH in flight for
 * `trackLinger` is released (aborted with Cancel); a later request asks the peer afresh. A returning viewer or
 * the next of a run of fetches within the linger reuses the copy, its cache and its TRACK_INFO.
 */
async function releaseWhenIdle(s: Session, track: TrackProducer, fetches: Set<Promise<void>>): Promise<void> {
	const linger = s.trackLinger;
	if (unlimited(linger)) return;
	for (;;) {
		try {
			if (!(await track.idleFor(linger, { signal: s.signal }))) return;
		} catch {
			return;
		}
		if (fetches.size === 0) return track.abort(new CancelError(`track ${track.name} idle for ${linger} ms: released`));
		// A FETCH is still being answered: it leaves a reader behind or ends; look again after it.
		await Promise.allSettled([...fetches]);
	}
}


/** First demand → SUBSCRIBE, aggregate changes → SUBSCRIBE_UPDATE, no demand → FIN; until the track closes. */
async function driveSubscription(s: Session, path: string, track: TrackProducer, closed: () => boolean): Promise<void> {
	let up: Upstream | undefined;
	while (!closed()) {
		const want = track.subscription;
		try {
			if (want && !up) up = await Upstream.open(s, path, track, want);
			else if (want && up) await up.update(want);
			else if (!want && up) {
				up.close();
				up = undefined;
			}
		} catch (err) {
			up = undefined;
			track.abort(streamError(err));
			return;
		}
		// A change that landed while we were writing is acted on before waiting for the next one.
		if (track.subscription !== want) continue;
		const next = await Promise.race([track.subscriptionChanged().then(() => undefined), up?.done ?? new Promise<never>(() => {})]);
		if (next === undefined) continue;
		// The publisher ended the subscription: FIN = the track is complete, a reset = it failed.
		up = undefined;
		if (next instanceof Error) track.abort(next);
		else finish(track);
		return;
	}
	up?.close();
}

function finish(track: TrackProducer): void {
	try {
		track.finish();
	} catch {
		// A boundary from SUBSCRIBE_END already stands.
	}
}
