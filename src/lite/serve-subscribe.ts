// SUBSCRIBE / SUBSCRIBE_UPDATE, publisher half (spec §3.4, §4.3): arrival-order serving from a model subscriber,
// SUBSCRIBE_START on the first group, cap parking through the subscriber's cursor, updates applied live,
// SUBSCRIBE_END + FIN at track end, in-flight groups reset with 0 when the subscriber leaves.
import { encodeSubscribeResponse, type Subscribe, type SubscribeUpdate, Version } from "../codec/index.js";
import { DecodeError, DuplicateError, ErrorCode } from "../error.js";
import type { Clock, GroupConsumer, SubscribeOptions, TrackSubscriber } from "../model/index.js";
import { serveGroup } from "./group.js";
import { sendOrder } from "./priority.js";
import { resolveTrack } from "./publisher.js";
import { seq } from "./sequence.js";
import type { Session } from "./session.js";
import { subscriptionBounds, type SubscriptionBounds } from "./session-limits.js";
import type { Reader, Writer } from "./stream.js";
import { hasSubscribeStart } from "./version.js";

function options(p: SubscribeUpdate): SubscribeOptions {
	const o: SubscribeOptions = { priority: p.priority, ordered: p.ordered, latencyMax: p.maxLatency };
	if (p.startGroup !== undefined) o.startGroup = seq(p.startGroup);
	if (p.endGroup !== undefined) o.endGroup = seq(p.endGroup);
	return o;
}

/** A group handed to a subscription and when it reached us (the track's clock, ms): its age is its lag. */
interface Queued {
	readonly group: GroupConsumer;
	readonly at: number;
	/** The first frame sent (06 GROUP Frame Start): the subscriber's frame_start for its start group, else 0. */
	readonly frameStart: number;
}

/**
 * The group streams of one served subscription, ranked together and reset together. What one subscriber holds
 * is bounded however slowly it reads or grants streams: nothing older than its latencyMax of media (older groups,
 * waiting or in flight, are dropped: the subscriber sees a gap, not seconds of delay, and never slows others),
 * at most `subscriptionStreams` groups open or waiting and `subscriptionBytes` of them (beyond either, the
 * lowest-ranked in flight, then the oldest waiting, go first). One stream is being opened at a time: a peer that
 * grants no stream credit costs one pending open per subscription, not one per group.
 */
class InFlight {
	readonly #streams = new Map<Writer, Queued>();
	readonly #waiting: Queued[] = [];
	readonly #maxGroups: number;
	readonly #maxBytes: number;
	readonly #clock: Clock;
	#opening = false;
	#idle: (() => void) | undefined;
	#cancelled = false;
	priority: number;
	ordered: boolean;
	/** The subscription's latencyMax (ms, 0 = none): the subscriber's, within the track's. */
	latencyMax = 0;

	constructor(p: SubscribeUpdate, bounds: SubscriptionBounds, clock: Clock) {
		this.#clock = clock;
		this.priority = p.priority;
		this.ordered = p.ordered;
		this.#maxGroups = bounds.streams || Infinity;
		this.#maxBytes = bounds.bytes || Infinity;
	}

	serve(s: Session, id: number | bigint, group: GroupConsumer, frameStart: number): void {
		const at = this.#clock.now();
		this.#waiting.push({ group, at, frameStart });
		this.#bound(at);
		if (!this.#opening) void this.#open(s, id);
	}

	/** Drops what lags more than latencyMax behind `now`, then the lowest-ranked beyond the group or byte cap. */
	#bound(now: number): void {
		const oldest = this.latencyMax > 0 ? now - this.latencyMax : -Infinity;
		// A relayed group arrives empty and fills as its frames come: its bytes are counted as they are now.
		let bytes = 0;
		for (const q of this.#waiting) bytes += q.group.bytes;
		for (const q of this.#streams.values()) bytes += q.group.bytes;
		const over = () => this.#waiting.length + this.#streams.size > this.#maxGroups || bytes > this.#maxBytes;
		const forget = (q: Queued) => {
			bytes -= q.group.bytes;
			return q;
		};
		// The newest waiting group (just arrived) always stays.
		while (this.#waiting.length > 1 && (this.#waiting[0]!.at < oldest || over())) forget(this.#waiting.shift()!).group.close();
		for (const [w, q] of this.#streams) {
			if (q.at >= oldest) continue;
			forget(q);
			this.#drop(w, ErrorCode.Old);
		}
		while (over() && this.#streams.size > 0) {
			let lowest: Writer | undefined;
			let rank = Infinity;
			for (const [w, q] of this.#streams) {
				const order = sendOrder(this.priority, q.group.sequence, this.ordered);
				if (order < rank) [lowest, rank] = [w, order];
			}
			forget(this.#streams.get(lowest!)!);
			this.#drop(lowest!, ErrorCode.Cancel);
		}
	}

	#drop(w: Writer, code: number): void {
		this.#streams.delete(w);
		w.reset(code);
	}

	/** Opens streams for the waiting groups, one at a time, in arrival order (send order ranks the streams). */
	async #open(s: Session, id: number | bigint): Promise<void> {
		this.#opening = true;
		try {
			while (this.#waiting.length > 0 && !this.#cancelled) {
				let w: Writer;
				try {
					w = await s.openUni({ sendOrder: sendOrder(this.priority, this.#waiting[0]!.group.sequence, this.ordered) });
				} catch {
					// No stream for them (the session is closing): what waits is dropped.
					for (const q of this.#waiting.splice(0)) q.group.close();
					return;
				}
				const next = this.#waiting.shift();
				if (!next || this.#cancelled) {
					next?.group.close();
					w.reset(ErrorCode.Cancel);
					return;
				}
				w.sendOrder = sendOrder(this.priority, next.group.sequence, this.ordered);
				this.#streams.set(w, next);
				void this.#send(s, id, w, next);
			}
		} finally {
			this.#opening = false;
			this.#settle();
		}
	}

	async #send(s: Session, id: number | bigint, w: Writer, q: Queued): Promise<void> {
		try {
			await serveGroup(s, id, q.group, w, q.frameStart);
		} finally {
			if (this.#streams.get(w) === q) this.#streams.delete(w);
			this.#settle();
		}
	}

	#settle(): void {
		if (this.#streams.size === 0 && this.#waiting.length === 0 && !this.#opening) this.#idle?.();
	}

	rerank(p: SubscribeUpdate): void {
		this.priority = p.priority;
		this.ordered = p.ordered;
		for (const [w, q] of this.#streams) w.sendOrder = sendOrder(this.priority, q.group.sequence, this.ordered);
	}

	/** The subscriber left: what is still in flight is cancelled (code 0), what waits is dropped. */
	cancel(): void {
		this.#cancelled = true;
		for (const q of this.#waiting.splice(0)) q.group.close();
		for (const w of [...this.#streams.keys()]) this.#drop(w, ErrorCode.Cancel);
	}

	/** Resolves once every group handed over has been sent (or dropped). */
	drained(): Promise<void> {
		if (this.#streams.size === 0 && this.#waiting.length === 0 && !this.#opening) return Promise.resolve();
		return new Promise((r) => (this.#idle = r));
	}
}

/** Sequences a subscription remembers having served (duplicates come from a re-created recent group). */
const SERVED_MEMORY = 1024;

/** 06+: an absent start group is floor 0 (the oldest cached group), where 03-05 start at the latest. */
const hasStartFloor = (v: Version): boolean => v >= Version.Lite06;

/** The sequence a subscription without a start begins at: the newest cached group (0 when none). */
function liveEdge(sub: TrackSubscriber): number {
	const latest = sub.latestGroup();
	latest?.close();
	return latest?.sequence ?? 0;
}

/** How far a subscription may lag (ms, 0 = unbounded): the subscriber's max latency within the track's. */
function lagLimit(requested: number, track: number): number {
	return requested > 0 && track > 0 ? Math.min(requested, track) : requested || track;
}

export async function serveSubscribe(s: Session, r: Reader, w: Writer): Promise<void> {
	const msg = await r.message("subscribe", s.version);
	const live = s.servedSubscribeIds;
	const key = String(msg.id);
	// Its group streams would be indistinguishable from the live one's.
	if (live.has(key)) throw new DuplicateError(`subscribe id ${key} is already live`);
	live.add(key);
	try {
		await serveSubscription(s, r, w, msg);
	} finally {
		live.delete(key);
	}
}

async function serveSubscription(s: Session, r: Reader, w: Writer, msg: Subscribe): Promise<void> {
	const v = s.version;
	const track = await resolveTrack(s, msg.broadcast, msg.track);
	const inflight = new InFlight(msg, subscriptionBounds(s.guard), track.clock);
	// Aborted when the subscriber leaves: FIN or reset of its side, both a cancel (spec §4.7).
	const gone = new AbortController();
	let sub: TrackSubscriber | undefined;
	// Set by the first group served: from then on the floor is the announced start.
	let started = false;
	// Updates before the info is known fold into the last: each replaces all fields, so a flood costs nothing
	// while the track is being resolved.
	let pending: SubscribeUpdate | undefined;
	const apply = (u: SubscribeUpdate): void => {
		sub!.update(options(u));
		if (u.startGroup !== undefined) sub!.startAt(seq(u.startGroup));
		// An absent start keeps a resolved floor (spec §3.4); before one resolved it means the live edge, as in
		// SUBSCRIBE, so a start far beyond the edge (a relay forwarding one hostile subscriber's) can be undone.
		else if (!started) sub!.startAt(liveEdge(sub!));
		sub!.endAt(u.endGroup === undefined ? undefined : seq(u.endGroup));
		inflight.rerank(u);
		inflight.latencyMax = lagLimit(u.maxLatency, sub!.info.latencyMax);
	};
	// The control side is read from the start: the subscriber may leave while the info is still unknown.
	const control = (async () => {
		for (;;) {
			const u = await r.maybeMessage("subscribeUpdate", v);
			if (!u) return;
			if (sub) apply(u);
			else pending = u;
		}
	})();
	control
		.catch((err: unknown) => {
			// A malformed update is the subscriber's error, not its leaving: reset with its code, not a clean FIN.
			if (err instanceof DecodeError) w.reset(err.code);
		})
		.then(() => {
			gone.abort();
			sub?.close();
			inflight.cancel();
		});
	try {
		sub = await track.subscribe(options(msg), { signal: AbortSignal.any([s.signal, gone.signal]) });
	} catch (err) {
		if (gone.signal.aborted) return w.close();
		throw err;
	}
	// 06: the start is a floor (versions §2.5): the oldest group at or above it that Max Age has not expired (the
	// cache holds only those), not the live edge; Max Age 0, the subscriber's or the track's, means the latest.
	if (hasStartFloor(v) && msg.startGroup === undefined && msg.maxLatency > 0 && sub.info.latencyMax > 0) sub.rewind(0);
	sub.endAt(msg.endGroup === undefined ? undefined : seq(msg.endGroup));
	inflight.latencyMax = lagLimit(msg.maxLatency, sub.info.latencyMax);
	if (pending) apply(pending);
	const replies = hasSubscribeStart(v);
	if (!replies) {
		// 03/04: explicit acceptance, echoing the request as Rust does.
		await w.write(encodeSubscribeResponse({ type: "ok", priority: msg.priority, ordered: false, maxLatency: 0 }, v));
	}
	const offClose = s.onClose(() => sub!.close());
	void s.datagrams?.serve(msg.id, sub);
	try {
		let end = 0;
		// One stream per (subscription, group) (versions §2.8): a group aborted and created again is not resent.
		const served = new Set<number>();
		for (;;) {
			const group = await sub.recvGroup();
			if (!group) break;
			// Never a partial group not asked for: one that lost leading frames to the group limits is skipped whole.
			const asked = msg.startGroup !== undefined && group.sequence === seq(msg.startGroup) ? Number(msg.frameStart ?? 0) : 0;
			if (served.has(group.sequence) || group.firstFrame > asked) {
				group.close();
				continue;
			}
			served.add(group.sequence);
			if (served.size > SERVED_MEMORY) served.delete(served.values().next().value!);
			if (!started) {
				started = true;
				// Pin the floor: nothing below the announced start is served later (spec §4.3).
				sub.startAt(group.sequence);
				if (replies) await w.write(encodeSubscribeResponse({ type: "start", group: group.sequence }, v));
			}
			end = Math.max(end, group.sequence + 1);
			inflight.serve(s, msg.id, group, asked);
		}
		if (gone.signal.aborted || s.isClosed) return w.close();
		// The track completed: END (exclusive), let in-flight groups finish, then FIN.
		if (replies) await w.write(encodeSubscribeResponse({ type: "end", group: sub.final ?? end }, v));
		await inflight.drained();
		// Some subscribers (the reference JS) end the track at this FIN and cut group streams they have not
		// reached yet; an in-process transport acknowledges at once, so let the peer's stream tasks run first.
		await new Promise((r) => setTimeout(r, 0));
		w.close();
	} finally {
		offClose();
		sub.close();
	}
}
