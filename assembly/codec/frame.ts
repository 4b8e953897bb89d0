// FRAME headers on GROUP and FETCH streams (spec §3.9). Payload bytes never enter WASM: the scanner reads
// only the small header window TS copied in and reports (delta, header length, size) per frame.
import {
	FIRST,
	H_AUX,
	H_CONSUMED,
	H_NEED,
	H_REASON,
	R_ENC_NO_TIMESTAMP,
	R_FRAME_TOO_LARGE,
	R_TIMESTAMP,
	MAX_FRAME_BYTES,
	R_VERSION,
	SLOT_ABSENT,
	SLOTS,
	TAIL_BEYOND,
	TAIL_BOUNDARY,
	TAIL_PARTIAL,
	TAIL_TIMESTAMP,
} from "../contract";
import { inBase, setHeader } from "./memory";
import { clearReason, fail, reason } from "./reason";
import { getF, putF, resetSlots } from "./slots";
import { hasTimestamps, knownVersion } from "./version";
import { viAt, viLen } from "./varint";
import { writeVi } from "./wire";
import { zigzagDecode, zigzagEncode } from "./zigzag";

// Deltas cross as f64, so anything beyond 2^53-1 would lose precision.
const MAX_SAFE: i64 = 9007199254740991;

/** Scans up to `max` frame headers in the `len` window bytes; returns how many it recorded. */
export function decodeFrames(v: i32, len: i32, max: i32): i32 {
	clearReason();
	resetSlots();
	if (!knownVersion(v)) fail(R_VERSION);
	const limit = min(max, (SLOTS - FIRST) / 3);
	const stamped = hasTimestamps(v);
	const end = inBase + <usize>len;
	let p = inBase;
	let n = 0;
	let tail = TAIL_BOUNDARY;
	while (reason == 0 && n < limit && p < end) {
		let q = p;
		let delta: f64 = SLOT_ABSENT;
		if (stamped) {
			const l = viLen(load<u8>(q));
			if (q + l > end) {
				tail = TAIL_PARTIAL;
				break;
			}
			const d = zigzagDecode(viAt(q));
			q += l;
			if (d > MAX_SAFE || d < -MAX_SAFE) {
				fail(R_TIMESTAMP);
				break;
			}
			delta = <f64>d;
			if (q >= end) {
				tail = TAIL_TIMESTAMP;
				break;
			}
		}
		const l = viLen(load<u8>(q));
		if (q + l > end) {
			tail = TAIL_PARTIAL;
			break;
		}
		const size = viAt(q);
		q += l;
		if (size > <u64>MAX_FRAME_BYTES) {
			fail(R_FRAME_TOO_LARGE);
			setHeader(H_NEED, <f64>size); // the claimed size, for the error message
			break;
		}
		putF(delta);
		putF(<f64>(q - p));
		putF(<f64>size);
		n++;
		if (<u64>(end - q) < size) {
			tail = TAIL_BEYOND;
			break;
		}
		p = q + <usize>size;
	}
	setHeader(H_REASON, reason);
	setHeader(H_AUX, tail);
	setHeader(H_CONSUMED, <f64>(p - inBase));
	return n;
}

/** Record: delta (a safe integer, SLOT_ABSENT when the caller gave no timestamp; unused before 05), payload size. */
export function encodeFrameHeader(v: i32): void {
	const delta = getF();
	const size = <u64>getF();
	if (size > <u64>MAX_FRAME_BYTES) fail(R_FRAME_TOO_LARGE);
	if (hasTimestamps(v)) {
		if (isNaN(delta)) fail(R_ENC_NO_TIMESTAMP);
		else writeVi(zigzagEncode(<i64>delta));
	}
	writeVi(size);
}
