// SUBSCRIBE / SUBSCRIBE_UPDATE, subscriber half (spec §3.4, §4.3): one upstream subscription of a remote track,
// opened/updated/closed from the track's aggregate.
import { BidiStreamType, encodeSubscribe, encodeSubscribeUpdate, type SubscribeUpdate } from "../codec/index.js";
import { UnexpectedMessageError } from "../error.js";
import type { Subscription, TrackProducer } from "../model/index.js";
import { seq } from "./sequence.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";
import { hasSubscribeStart, hasSubscribeUpdate } from "./version.js";

/** The subscriber half: the one upstream SUBSCRIBE of a remote track. */
export class Upstream {
	readonly id: number;
	/** null when the publisher FINed (the track ended), the error when it reset the stream. */
	readonly done: Promise<Error | null>;
	readonly #s: Session;
	readonly #writer: Writer;
	#sent: Subscription;

	private constructor(s: Session, id: number, writer: Writer, done: Promise<Error | null>, sent: Subscription) {
		this.#s = s;
		this.id = id;
		this.#writer = writer;
		this.done = done;
		this.#sent = sent;
	}

	/** Registers the id before SUBSCRIBE goes out: the publisher may open group streams the instant it reads it. */
	static async open(s: Session, broadcast: string, track: TrackProducer, want: Subscription): Promise<Upstream> {
		const id = s.subscriber.register(track);
		try {
			const { reader, writer } = await s.openBidi(BidiStreamType.Subscribe);
			const msg = { id, broadcast, track: track.name, ...wire(want) };
			await writer.write(encodeSubscribe(msg, s.version, s.engine));
			const done = responses(s, reader, track).then(
				() => null,
				(err: Error) => err,
			);
			// Group streams may still trail the publisher's FIN (the reference JS does not drain them first):
			// the id keeps routing until the track itself closes.
			void done.then(() => track.closed).then(() => s.subscriber.unregister(id));
			return new Upstream(s, id, writer, done, want);
		} catch (err) {
			s.subscriber.unregister(id);
			throw err;
		}
	}

	/** SUBSCRIBE_UPDATE with all five fields (03+), when the aggregate really changed. */
	async update(want: Subscription): Promise<void> {
		// 01/02 have no SUBSCRIBE_UPDATE: the subscription keeps what it opened with.
		if (same(want, this.#sent) || !hasSubscribeUpdate(this.#s.version)) return;
		this.#sent = want;
		await this.#writer.write(encodeSubscribeUpdate(wire(want), this.#s.version, this.#s.engine));
	}

	/** Unsubscribe: FIN our side; the publisher resets what is in flight and FINs. */
	close(): void {
		this.#s.subscriber.unregister(this.id);
		this.#writer.close();
	}
}

/** Reads responses until FIN. END declares the track's exclusive final sequence (groups may still be in flight). */
async function responses(s: Session, r: Reader, track: TrackProducer): Promise<void> {
	const okFirst = !hasSubscribeStart(s.version);
	let first = true;
	for (;;) {
		const res = await r.maybeMessage("subscribeResponse", s.version);
		if (!res) return;
		if (okFirst && first && res.type !== "ok") throw new UnexpectedMessageError("the first SUBSCRIBE response must be SUBSCRIBE_OK");
		first = false;
		if (res.type === "end") finishAt(track, seq(res.group));
	}
}

function finishAt(track: TrackProducer, final: number): void {
	// Only the sequence is wanted: the reader is closed so it never keeps a fetch alive.
	const latest = track.latestGroup();
	latest?.close();
	const edge = (latest?.sequence ?? -1) + 1;
	try {
		if (final > edge) track.finishAt(final);
		else track.finish();
	} catch {
		// Already finished or closed: the first boundary stands.
	}
}

function wire(p: Subscription): SubscribeUpdate {
	const m: SubscribeUpdate = { priority: p.priority, ordered: p.ordered, maxLatency: Math.round(p.latencyMax) };
	if (p.startGroup !== undefined) m.startGroup = p.startGroup;
	if (p.endGroup !== undefined) m.endGroup = p.endGroup;
	return m;
}

function same(a: Subscription, b: Subscription): boolean {
	return (
		a.priority === b.priority &&
		a.ordered === b.ordered &&
		a.latencyMax === b.latencyMax &&
		a.startGroup === b.startGroup &&
		a.endGroup === b.endGroup
	);
}
