// FETCH (spec §3.6; 06 adds a frame range, moq-lite-versions §2.7). The reply is bare frames (frame.ts).
// Record: broadcast, track, priority, group, start frame (0 before 06), end frame (`opt`, absent before 06).
import { R_ENC_FRAME_BOUND, R_FRAME_RANGE } from "../contract";
import { fail } from "./reason";
import { getI32, getOpt, getU62, putF, putOpt, putU62 } from "./slots";
import { hasFrameBounds } from "./version";
import { readPath, readStr, readU8, readVi, writePath, writeStr, writeU8, writeVi } from "./wire";

export function decodeFetch(v: i32): void {
	readPath();
	readStr();
	putF(<f64>readU8());
	putU62(readVi());
	if (!hasFrameBounds(v)) {
		putF(0);
		putF(NaN);
		return;
	}
	const start = readVi();
	const end = readVi();
	// `opt` end: n+1 is the last frame n, so end - 1 < start is a range ending before it begins.
	if (end != 0 && end - 1 < start) fail(R_FRAME_RANGE);
	putU62(start);
	putOpt(end);
}

export function encodeFetch(v: i32): void {
	writePath();
	writeStr();
	writeU8(<u32>getI32());
	writeVi(getU62());
	const start = getU62();
	const end = getOpt();
	if (!hasFrameBounds(v)) {
		if (start != 0 || end != 0) fail(R_ENC_FRAME_BOUND);
		return;
	}
	if (end != 0 && end - 1 < start) fail(R_FRAME_RANGE);
	writeVi(start);
	writeVi(end);
}
