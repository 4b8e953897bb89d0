// Fetch attempts: one per (track, sequence) however many callers wait on it. An attempt is queued until a
// TrackDynamic takes it (highest priority first, FIFO among equals) and stays joinable until answered.
import {
	EV_FAILED,
	EV_FILLED,
	OUT_HANDLE,
	OUT_SEQUENCE,
	RES_ABORTED,
	RES_CLOSED,
	RES_DUPLICATE,
	RES_FETCH_HIT,
	RES_FETCH_JOINED,
	RES_FETCH_QUEUED,
	RES_NONE,
	RES_NOT_FOUND,
} from "../contract";
import { emit, out } from "./events";
import { Track, insertGroup, touch, track } from "./track";

const aTrack = new Array<i32>(0);
const aSeq = new Array<f64>(0);
const aPriority = new Array<i32>(0);
const aQueued = new Array<u8>(0);
const free = new Array<i32>(0);

function allocAttempt(tr: Track, seq: f64, priority: i32): i32 {
	let a: i32;
	if (free.length > 0) {
		a = free.pop();
	} else {
		a = aTrack.length;
		aTrack.push(0);
		aSeq.push(0);
		aPriority.push(0);
		aQueued.push(0);
	}
	aTrack[a] = tr.id;
	aSeq[a] = seq;
	aPriority[a] = priority;
	aQueued[a] = 1;
	tr.pending.set(<u64>seq, a);
	tr.queue.push(a);
	return a;
}

function releaseAttempt(tr: Track, a: i32): void {
	tr.pending.delete(<u64>aSeq[a]);
	if (aQueued[a]) tr.queue.splice(tr.queue.indexOf(a), 1);
	free.push(a);
}

/**
 * fetchGroup's decision, in spec order. Returns RES_FETCH_HIT (OUT_HANDLE = the group's slot, access
 * refreshed), RES_FETCH_JOINED (OUT_HANDLE = the pending attempt, its priority raised to the max of joiners),
 * RES_FETCH_QUEUED (OUT_HANDLE = a newly queued attempt), or RES_ABORTED / RES_NOT_FOUND.
 */
export function trackFetch(t: i32, seq: f64, priority: i32, now: f64): i32 {
	const tr = track(t);
	const key = <u64>seq;
	if (tr.index.has(key)) {
		const slot = tr.index.get(key);
		touch(tr, slot, now, 0);
		out(OUT_HANDLE, slot);
		return RES_FETCH_HIT;
	}
	if (tr.aborted) return RES_ABORTED;
	if (tr.final >= 0 && seq >= tr.final) return RES_NOT_FOUND;
	if (tr.pending.has(key)) {
		const a = tr.pending.get(key);
		if (priority > aPriority[a]) aPriority[a] = priority;
		out(OUT_HANDLE, a);
		return RES_FETCH_JOINED;
	}
	if (tr.handlers == 0) return RES_NOT_FOUND;
	out(OUT_HANDLE, allocAttempt(tr, seq, priority));
	return RES_FETCH_QUEUED;
}

/** Hands the highest-priority queued attempt to a handler; its sequence goes to OUT_SEQUENCE. RES_NONE when none. */
export function trackRequested(t: i32): i32 {
	const tr = track(t);
	const queue = tr.queue;
	if (queue.length == 0) return RES_NONE;
	let best = 0;
	for (let i = 1; i < queue.length; i++) if (aPriority[queue[i]] > aPriority[queue[best]]) best = i;
	const a = queue[best];
	queue.splice(best, 1);
	aQueued[a] = 0;
	out(OUT_SEQUENCE, aSeq[a]);
	return a;
}

/** Current priority of an attempt (max of its joiners so far). */
export function attemptPriority(a: i32): i32 {
	return aPriority[a];
}

/** Inserts the fetched group (backfill: never offered to subscribers) and settles the attempt (EV_FILLED). */
export function attemptAccept(a: i32, now: f64): i32 {
	const tr = track(aTrack[a]);
	const seq = aSeq[a];
	if (tr.aborted) return RES_ABORTED;
	if (tr.index.has(<u64>seq)) return RES_DUPLICATE;
	if (tr.final >= 0 && seq >= tr.final) return RES_CLOSED;
	const slot = insertGroup(tr, seq, now, 1);
	emit(EV_FILLED, a, slot);
	releaseAttempt(tr, a);
	return slot;
}

/** Drops an attempt without a group (JS fails its waiters). Not sticky: the next fetch starts afresh. */
export function attemptReject(a: i32): void {
	releaseAttempt(track(aTrack[a]), a);
}

/** A group for `seq` just entered the cache: any attempt waiting for it is answered by it. */
export function fillAttempt(tr: Track, seq: f64, slot: i32): void {
	const key = <u64>seq;
	// Almost always empty on the producer's hot path: skip the hash.
	if (tr.pending.size == 0 || !tr.pending.has(key)) return;
	const a = tr.pending.get(key);
	emit(EV_FILLED, a, slot);
	releaseAttempt(tr, a);
}

/** Fails attempts at or above `from` (all of them for from = 0) with result `code`, or only queued ones. */
export function failAttempts(tr: Track, from: f64, code: i32, queuedOnly: bool): void {
	const all = tr.pending.values();
	for (let i = 0; i < all.length; i++) {
		const a = all[i];
		if (aSeq[a] < from || (queuedOnly && !aQueued[a])) continue;
		emit(EV_FAILED, a, code);
		releaseAttempt(tr, a);
	}
}

/** Adds or removes fetch handlers; with none left, queued attempts fail with NotFound. Returns the count. */
export function trackHandlers(t: i32, delta: i32): i32 {
	const tr = track(t);
	tr.handlers += delta;
	if (tr.handlers == 0) failAttempts(tr, 0, RES_NOT_FOUND, true);
	return tr.handlers;
}
