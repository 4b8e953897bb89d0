// Buffers shared with TS. The slot table carries every numeric field as f64; a value above 2^53-1 is
// flagged as SLOT_BIG and its exact u64 sits at the same index of BIG (read by TS through a BigUint64Array).
// Strings and blobs travel as (offset, length) slot pairs into the input area. Layout: assembly/contract.ts.
import { SLOTS } from "../contract";

export const TABLE: usize = memory.data(SLOTS << 3, 8);
export const BIG: usize = memory.data(SLOTS << 3, 8);

export let inBase: usize = 0;
let inCap: usize = 0;
export let outBase: usize = 0;
let outCap: usize = 0;

function grow(ptr: usize, size: usize): usize {
	return ptr == 0 ? heap.alloc(size) : heap.realloc(ptr, size);
}

/** The input area (received bytes to decode, or strings to encode) with room for `size` bytes. */
export function ensureInput(size: usize): usize {
	if (size > inCap) {
		const cap = max(size, inCap << 1);
		inBase = grow(inBase, cap);
		inCap = cap;
	}
	return inBase;
}

export function ensureOutput(size: usize): void {
	if (size > outCap) {
		const cap = max(size, outCap << 1);
		outBase = grow(outBase, cap);
		outCap = cap;
	}
}

export function setHeader(i: i32, v: f64): void {
	store<f64>(TABLE + (<usize>i << 3), v);
}
