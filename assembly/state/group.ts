// Group slots: one row per cached group across every track, struct-of-arrays so a busy track allocates
// nothing per group once the table has grown. Slot ids are what JS uses to find a group's frames.
// Retention limits: assembly/contract.ts MAX_FRAME_BYTES, MAX_GROUP_BYTES, MAX_GROUP_FRAMES.

export const OPEN: u8 = 1;
export const FINISHED: u8 = 2;

export const gTrack = new Array<i32>(0);
export const gSeq = new Array<f64>(0);
/** 0 = free slot, OPEN, FINISHED. Aborted groups leave the table at once. */
export const gState = new Array<u8>(0);
/** 1 when the group was fetched (backfill): cached, but never offered to live subscribers. */
export const gFetched = new Array<u8>(0);
/** Retained frames and bytes (after front drops). */
export const gFrames = new Array<i32>(0);
export const gBytes = new Array<i32>(0);
/** Last access in caller ms: creation, every frame write, every fetch hit. */
export const gAccess = new Array<f64>(0);
/** Position in the owning track's slot list (for O(1) removal). */
export const gPos = new Array<i32>(0);
/** Byte-budget LRU links (-1 when not in a pool). */
export const gPrev = new Array<i32>(0);
export const gNext = new Array<i32>(0);

const free = new Array<i32>(0);

export function allocGroup(track: i32, seq: f64, now: f64, fetched: u8): i32 {
	let slot: i32;
	if (free.length > 0) {
		slot = free.pop();
	} else {
		slot = gTrack.length;
		gTrack.push(0);
		gSeq.push(0);
		gState.push(0);
		gFetched.push(0);
		gFrames.push(0);
		gBytes.push(0);
		gAccess.push(0);
		gPos.push(0);
		gPrev.push(-1);
		gNext.push(-1);
	}
	gTrack[slot] = track;
	gSeq[slot] = seq;
	gState[slot] = OPEN;
	gFetched[slot] = fetched;
	gFrames[slot] = 0;
	gBytes[slot] = 0;
	gAccess[slot] = now;
	gPrev[slot] = -1;
	gNext[slot] = -1;
	return slot;
}

export function releaseGroup(slot: i32): void {
	gState[slot] = 0;
	free.push(slot);
}
