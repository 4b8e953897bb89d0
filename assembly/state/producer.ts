// Boundary operations of track and group producers: one call per event, results in the return value and
// the out area, side effects (expiry, eviction, settled fetches) in the event queue.
import {
	EV_CLEARED,
	EV_FREED,
	EV_LISTED,
	MAX_FRAME_BYTES,
	MAX_GROUP_BYTES,
	MAX_GROUP_FRAMES,
	OUT_COMPLETE,
	OUT_SEQUENCE,
	RES_ABORTED,
	RES_AT_OR_BELOW_LIVE_EDGE,
	RES_CLOSED,
	RES_DROPPED,
	RES_DUPLICATE,
	RES_FRAME_TOO_LARGE,
	RES_NONE,
	RES_NOT_FOUND,
	RES_OK,
	RES_OVER_LIMIT,
} from "../contract";
import { emit, out } from "./events";
import { failAttempts, fillAttempt } from "./fetch";
import { FINISHED, OPEN, gBytes, gFetched, gFrames, gSeq, gState, gTrack } from "./group";
import { poolCharge } from "./pool";
import { releaseSubs, writeAggregate } from "./subscription";
import {
	Track,
	clearGroups,
	complete,
	enforce,
	insertGroup,
	newTrack,
	releaseTrack,
	removeGroup,
	touch,
	track,
} from "./track";

/** A track in the given pool (-1: none). Its latencyMax stays unbounded until trackSetLatency. */
export function trackNew(pool: i32): i32 {
	return newTrack(pool).id;
}

/** Commits the accepted info's latencyMax (ms): drives idle expiry and clamps the subscription aggregate. */
export function trackSetLatency(t: i32, latencyMax: f64): void {
	const tr = track(t);
	tr.latencyMax = latencyMax;
	writeAggregate(tr);
}

/**
 * Creates a live group at `seq` (or at the live edge + 1 when seq < 0). Returns its slot, or RES_ABORTED,
 * RES_CLOSED (at or past final), RES_DUPLICATE (cached). OUT_SEQUENCE = sequence, OUT_COMPLETE = 1 when it
 * completed the track. A fetch attempt waiting for this sequence is answered by it.
 */
export function trackCreateGroup(t: i32, seq: f64, now: f64): i32 {
	const tr = track(t);
	if (tr.aborted) return RES_ABORTED;
	if (seq < 0) seq = tr.liveMax + 1;
	if (tr.final >= 0 && seq >= tr.final) return RES_CLOSED;
	if (tr.index.has(<u64>seq)) return RES_DUPLICATE;
	const slot = insertGroup(tr, seq, now, 0);
	if (seq > tr.liveMax) tr.liveMax = seq;
	fillAttempt(tr, seq, slot);
	out(OUT_SEQUENCE, seq);
	out(OUT_COMPLETE, complete(tr) ? 1 : 0);
	return slot;
}

/**
 * A datagram at `seq` (the live edge + 1 when seq < 0): it takes its sequence from the track's namespace but
 * is never cached. Returns RES_OK (OUT_SEQUENCE, OUT_COMPLETE as above), RES_ABORTED, or RES_CLOSED at or
 * past final.
 */
export function trackDatagram(t: i32, seq: f64): i32 {
	const tr = track(t);
	if (tr.aborted) return RES_ABORTED;
	if (seq < 0) seq = tr.liveMax + 1;
	if (tr.final >= 0 && seq >= tr.final) return RES_CLOSED;
	if (seq > tr.liveMax) tr.liveMax = seq;
	out(OUT_SEQUENCE, seq);
	out(OUT_COMPLETE, complete(tr) ? 1 : 0);
	return RES_OK;
}

function declareFinal(tr: Track, final: f64): i32 {
	tr.final = final;
	failAttempts(tr, final, RES_NOT_FOUND, false);
	out(OUT_SEQUENCE, final);
	out(OUT_COMPLETE, complete(tr) ? 1 : 0);
	return RES_OK;
}

/** Final = live edge + 1. Returns RES_OK (OUT_SEQUENCE = final, OUT_COMPLETE), RES_ABORTED or RES_CLOSED if already final. */
export function trackFinish(t: i32): i32 {
	const tr = track(t);
	if (tr.aborted) return RES_ABORTED;
	if (tr.final >= 0) return RES_CLOSED;
	return declareFinal(tr, tr.liveMax + 1);
}

/** Declares a future exclusive end: above the live edge (else RES_AT_OR_BELOW_LIVE_EDGE), once (else RES_CLOSED). */
export function trackFinishAt(t: i32, final: f64): i32 {
	const tr = track(t);
	if (tr.aborted) return RES_ABORTED;
	if (tr.final >= 0) return RES_CLOSED;
	if (final <= tr.liveMax) return RES_AT_OR_BELOW_LIVE_EDGE;
	return declareFinal(tr, final);
}

/** Aborts: every cached group leaves (EV_CLEARED) and every attempt fails with the track's error. */
export function trackAbort(t: i32): void {
	const tr = track(t);
	tr.aborted = true;
	clearGroups(tr, EV_CLEARED);
	failAttempts(tr, 0, RES_ABORTED, false);
}

/** Releases a track whose JS state was collected: its groups (EV_FREED), attempts and rows go. */
export function trackFree(t: i32): void {
	const tr = track(t);
	clearGroups(tr, EV_FREED);
	failAttempts(tr, 0, RES_DROPPED, false);
	releaseSubs(tr);
	releaseTrack(tr);
}

/** The declared exclusive final sequence, or -1 while none is. */
export function trackFinal(t: i32): f64 {
	return track(t).final;
}

/** 1 once the live edge reached the declared final sequence. */
export function trackComplete(t: i32): i32 {
	return complete(track(t)) ? 1 : 0;
}

/** 1 once the group finished cleanly (its slot must still be live: JS freezes the answer when it leaves). */
export function groupFinished(slot: i32): i32 {
	return gState[slot] == FINISHED ? 1 : 0;
}

/** Slot of the highest cached sequence, or RES_NONE. */
export function trackLatest(t: i32): i32 {
	const newest = track(t).newest;
	return newest >= 0 ? newest : RES_NONE;
}

/** Lists live (non-fetched) cached groups with seq >= from (from < 0: the live edge) as EV_LISTED events. */
export function trackList(t: i32, from: f64): void {
	const tr = track(t);
	const floor = from < 0 ? tr.liveMax : from;
	for (let i = 0; i < tr.slots.length; i++) {
		const s = tr.slots[i];
		if (!gFetched[s] && gSeq[s] >= floor) emit(EV_LISTED, s, 0);
	}
}

function overLimit(slot: i32): i32 {
	return gFrames[slot] > MAX_GROUP_FRAMES || gBytes[slot] > MAX_GROUP_BYTES ? RES_OVER_LIMIT : RES_OK;
}

/**
 * Accounts one frame of `size` bytes. Returns RES_OK, RES_OVER_LIMIT when the group now exceeds its retention
 * limits (JS drops front frames via groupDrop), RES_CLOSED when finished, or RES_FRAME_TOO_LARGE.
 */
export function groupWrite(slot: i32, size: i32, now: f64): i32 {
	if (gState[slot] != OPEN) return RES_CLOSED;
	if (size > MAX_FRAME_BYTES) return RES_FRAME_TOO_LARGE;
	const tr = track(gTrack[slot]);
	gFrames[slot]++;
	gBytes[slot] += size;
	touch(tr, slot, now, <f64>size);
	if (tr.pool >= 0) enforce(tr.pool, slot);
	return overLimit(slot);
}

/** Forgets the oldest retained frame (`size` bytes); returns RES_OVER_LIMIT while still over the limits. */
export function groupDrop(slot: i32, size: i32): i32 {
	const pool = track(gTrack[slot]).pool;
	gFrames[slot]--;
	gBytes[slot] -= size;
	if (pool >= 0) poolCharge(pool, -<f64>size);
	return overLimit(slot);
}

export function groupFinish(slot: i32): void {
	gState[slot] = FINISHED;
}

/** The producer aborted the group: it leaves the cache (the sequence may be created again). */
export function groupAbort(slot: i32): void {
	removeGroup(track(gTrack[slot]), slot, 0);
}
