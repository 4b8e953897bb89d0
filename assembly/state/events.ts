// Side effects of one state call (expired or evicted groups, settled fetch attempts) are queued here as
// (kind, a, b) i32 triples in unmanaged memory, so JS drains a whole batch with plain loads instead of a
// call per effect. Kinds are the contract's EV_*. The header at a fixed address is [count, ptr]; JS zeroes
// count once it has drained.
import { OUT_SIZE } from "../contract";

const HEADER: usize = memory.data(8);
let capacity: i32 = 0;

export function emit(kind: i32, a: i32, b: i32): void {
	const n = load<i32>(HEADER);
	let buf = <usize>load<i32>(HEADER, 4);
	if (n == capacity) {
		// Grow geometrically; the pointer may move, which is why JS re-reads it from the header.
		capacity = capacity == 0 ? 256 : capacity << 1;
		buf = buf == 0 ? heap.alloc(<usize>capacity * 12) : heap.realloc(buf, <usize>capacity * 12);
		store<i32>(HEADER, <i32>buf, 4);
	}
	const at = buf + <usize>n * 12;
	store<i32>(at, kind);
	store<i32>(at, a, 4);
	store<i32>(at, b, 8);
	store<i32>(HEADER, n + 1);
}

/** Address of the [count, ptr] event header (read once by JS). */
export function stateEvents(): usize {
	return HEADER;
}

// Secondary results of a call (a created group's sequence, the subscription aggregate) land in this small
// f64 scratch area, at the contract's OUT_* slots, so a call needs no second crossing to return them.
const OUT: usize = memory.data(OUT_SIZE << 3);

export function out(i: i32, v: f64): void {
	store<f64>(OUT + (<usize>i << 3), v);
}

/** Address of the f64 scratch area (read once by JS). */
export function stateOut(): usize {
	return OUT;
}
