// TRACK and TRACK_INFO (spec §3.5, 05+; 06 drops the ordered byte).
import { R_ENC_TIMESCALE, R_TIMESCALE } from "../contract";
import { fail } from "./reason";
import { hasGroupOrder } from "./version";
import { getI32, getU62, putF, putU62 } from "./slots";
import { readBool, readPath, readStr, readU8, readVi, writePath, writeStr, writeU8, writeVi } from "./wire";

export function decodeTrack(): void {
	readPath();
	readStr();
}

export function encodeTrack(): void {
	writePath();
	writeStr();
}

export function decodeTrackInfo(v: i32): void {
	putF(<f64>readU8());
	putF(hasGroupOrder(v) && readBool() ? 1 : 0);
	putU62(readVi());
	const timescale = readVi();
	if (timescale == 0) fail(R_TIMESCALE);
	putU62(timescale);
}

export function encodeTrackInfo(v: i32): void {
	writeU8(<u32>getI32());
	const ordered = getI32();
	if (hasGroupOrder(v)) writeU8(<u32>ordered);
	writeVi(getU62());
	const timescale = getU62();
	if (timescale == 0) fail(R_ENC_TIMESCALE);
	writeVi(timescale);
}
