// Optional origin-wide byte budget: every group of every track in the pool sits on one least-recently-
// accessed list; when the pool is over capacity the oldest groups are evicted (Evicted, 31), never a
// track's newest group and never the group being written.
import { gBytes, gNext, gPrev } from "./group";

/** Bookkeeping cost charged per group on top of its payload bytes. */
export const GROUP_OVERHEAD: f64 = 256;

const pCapacity = new Array<f64>(0);
const pUsed = new Array<f64>(0);
const pHead = new Array<i32>(0);
const pTail = new Array<i32>(0);
const pCount = new Array<i32>(0);

/** Creates a pool with a byte capacity; returns its id. */
export function poolNew(capacity: f64): i32 {
	const id = pCapacity.length;
	pCapacity.push(capacity);
	pUsed.push(0);
	pHead.push(-1);
	pTail.push(-1);
	pCount.push(0);
	return id;
}

/** Bytes currently charged to the pool (payload + per-group overhead). */
export function poolUsed(pool: i32): f64 {
	return pUsed[pool];
}

function unlink(pool: i32, slot: i32): void {
	const prev = gPrev[slot];
	const next = gNext[slot];
	if (prev >= 0) gNext[prev] = next;
	else pHead[pool] = next;
	if (next >= 0) gPrev[next] = prev;
	else pTail[pool] = prev;
	gPrev[slot] = -1;
	gNext[slot] = -1;
}

function append(pool: i32, slot: i32): void {
	const tail = pTail[pool];
	gPrev[slot] = tail;
	gNext[slot] = -1;
	if (tail >= 0) gNext[tail] = slot;
	else pHead[pool] = slot;
	pTail[pool] = slot;
}

export function poolAdd(pool: i32, slot: i32): void {
	append(pool, slot);
	pCount[pool]++;
	pUsed[pool] += GROUP_OVERHEAD;
}

/** Marks the group most recently accessed and charges `bytes` more (negative when frames are dropped). */
export function poolTouch(pool: i32, slot: i32, bytes: f64): void {
	if (pTail[pool] != slot) {
		unlink(pool, slot);
		append(pool, slot);
	}
	pUsed[pool] += bytes;
}

/** Charges (or refunds) bytes without changing the group's recency. */
export function poolCharge(pool: i32, bytes: f64): void {
	pUsed[pool] += bytes;
}

export function poolRemove(pool: i32, slot: i32): void {
	unlink(pool, slot);
	pCount[pool]--;
	pUsed[pool] -= GROUP_OVERHEAD + <f64>gBytes[slot];
}

/** Oldest group of an over-capacity pool, or -1 when the pool is within budget. */
export function poolVictim(pool: i32): i32 {
	return pUsed[pool] > pCapacity[pool] ? pHead[pool] : -1;
}

/** Number of groups in the pool: bounds one enforcement pass. */
export function poolCount(pool: i32): i32 {
	return pCount[pool];
}
