// Per-track cache: the sequence → slot index, the slot list scanned for idle expiry, the newest group
// (never evicted), the live edge and the final sequence, plus the fetch queue and subscription rows that
// fetch.ts and subscription.ts maintain. Time is always passed in by the caller (ms, f64).
import { EV_EVICTED, EV_OLD } from "../contract";
import { emit } from "./events";
import { FINISHED, allocGroup, gAccess, gPos, gSeq, gState, gTrack, releaseGroup } from "./group";
import { poolAdd, poolCount, poolRemove, poolTouch, poolVictim } from "./pool";

/** Groups examined for idle expiry per insert (rotating), so an insert costs O(1). */
const EXPIRE_SCAN: i32 = 4;

export class Track {
	id: i32;
	index: Map<u64, i32> = new Map<u64, i32>();
	slots: Array<i32> = new Array<i32>(0);
	scan: i32 = 0;
	/** Publisher latencyMax in ms; +inf until the track's info is accepted. */
	latencyMax: f64 = Infinity;
	/** Exclusive final sequence once declared, else -1. */
	final: f64 = -1;
	/** Highest sequence the producer created (fetched backfill does not move the live edge). */
	liveMax: f64 = -1;
	/** Slot of the highest cached sequence: never expired or evicted. */
	newest: i32 = -1;
	aborted: bool = false;
	pool: i32;
	/** Live fetch handlers: TrackDynamic handles plus an unaccepted TrackRequest. */
	handlers: i32 = 0;
	/** Fetch attempts by sequence (queued or handed to a handler but unanswered). */
	pending: Map<u64, i32> = new Map<u64, i32>();
	/** Attempts not yet handed to a handler. */
	queue: Array<i32> = new Array<i32>(0);
	/** Subscription rows of live subscribers. */
	subs: Array<i32> = new Array<i32>(0);

	constructor(id: i32, pool: i32) {
		this.id = id;
		this.pool = pool;
	}
}

const tracks = new Array<Track | null>(0);
const freeIds = new Array<i32>(0);

export function newTrack(pool: i32): Track {
	const id = freeIds.length > 0 ? freeIds.pop() : tracks.length;
	const tr = new Track(id, pool);
	if (id == tracks.length) tracks.push(tr);
	else tracks[id] = tr;
	return tr;
}

export function releaseTrack(tr: Track): void {
	tracks[tr.id] = null;
	freeIds.push(tr.id);
}

export function track(id: i32): Track {
	return changetype<Track>(tracks[id]);
}

/** Whether the live edge has reached the declared final sequence. */
export function complete(tr: Track): bool {
	return tr.final >= 0 && tr.liveMax + 1 >= tr.final;
}

export function insertGroup(tr: Track, seq: f64, now: f64, fetched: u8): i32 {
	const slot = allocGroup(tr.id, seq, now, fetched);
	tr.index.set(<u64>seq, slot);
	gPos[slot] = tr.slots.length;
	tr.slots.push(slot);
	if (tr.newest < 0 || seq > gSeq[tr.newest]) tr.newest = slot;
	expire(tr, now, slot);
	if (tr.pool >= 0) {
		poolAdd(tr.pool, slot);
		enforce(tr.pool, slot);
	}
	return slot;
}

/** Drops a group from the cache; `kind` != 0 reports it to JS as that event. */
export function removeGroup(tr: Track, slot: i32, kind: i32): void {
	tr.index.delete(<u64>gSeq[slot]);
	const pos = gPos[slot];
	const last = tr.slots.pop();
	if (last != slot) {
		tr.slots[pos] = last;
		gPos[last] = pos;
	}
	if (tr.pool >= 0) poolRemove(tr.pool, slot);
	if (tr.newest == slot) {
		let newest = -1;
		for (let i = 0; i < tr.slots.length; i++) {
			const s = tr.slots[i];
			if (newest < 0 || gSeq[s] > gSeq[newest]) newest = s;
		}
		tr.newest = newest;
	}
	if (kind != 0) emit(kind, slot, gState[slot] == FINISHED ? 1 : 0);
	releaseGroup(slot);
}

/** Every group, for abort and release. */
export function clearGroups(tr: Track, kind: i32): void {
	// Nothing stays, so skip removeGroup's search for the next newest (it would make a clear quadratic).
	tr.newest = -1;
	while (tr.slots.length > 0) removeGroup(tr, tr.slots[tr.slots.length - 1], kind);
}

/** Records an access: protects the group from idle expiry and moves it to the back of the byte budget. */
export function touch(tr: Track, slot: i32, now: f64, bytes: f64): void {
	gAccess[slot] = now;
	if (tr.pool >= 0) poolTouch(tr.pool, slot, bytes);
}

// Idle expiry: a group whose last access is older than latencyMax is removed (Old), the newest excepted.
function expire(tr: Track, now: f64, keep: i32): void {
	const limit = tr.latencyMax;
	for (let examined = 0; examined < EXPIRE_SCAN && tr.slots.length > 0; examined++) {
		if (tr.scan >= tr.slots.length) tr.scan = 0;
		const slot = tr.slots[tr.scan];
		if (slot != tr.newest && slot != keep && now - gAccess[slot] > limit) removeGroup(tr, slot, EV_OLD);
		else tr.scan++;
	}
}

/** Byte budget: evicts the pool's least recently accessed groups until it fits (one pass at most). */
export function enforce(pool: i32, keep: i32): void {
	for (let budget = poolCount(pool); budget > 0; budget--) {
		const victim = poolVictim(pool);
		if (victim < 0) return;
		const owner = track(gTrack[victim]);
		if (victim == owner.newest || victim == keep) poolTouch(pool, victim, 0);
		else removeGroup(owner, victim, EV_EVICTED);
	}
}
