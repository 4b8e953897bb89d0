// PROBE (spec §3.10): bitrate, plus RTT on 04+ (SLOT_ABSENT when the version has none).
import { SLOT_ABSENT } from "../contract";
import { getF, getU62, putF, putU62 } from "./slots";
import { hasProbeRtt } from "./version";
import { readVi, writeVi } from "./wire";

export function decodeProbe(v: i32): void {
	putU62(readVi());
	if (hasProbeRtt(v)) putU62(readVi());
	else putF(SLOT_ABSENT);
}

/** An absent RTT on 04+ goes out as 0 (unknown). */
export function encodeProbe(v: i32): void {
	writeVi(getU62());
	const rtt = getF();
	if (hasProbeRtt(v)) writeVi(isNaN(rtt) ? 0 : <u64>rtt);
}
