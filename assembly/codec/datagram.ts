// Datagram header (spec §3.8, 05+): subscribe id, group sequence, absolute timestamp; the payload is the rest
// and stays in TS.
import { H_REASON, R_VERSION } from "../contract";
import { inBase, setHeader } from "./memory";
import { clearReason, fail, reason } from "./reason";
import { getU62, putF, putU62, resetSlots } from "./slots";
import { hasTimestamps, knownVersion } from "./version";
import { readVi, rp, setWindow, writeVi } from "./wire";

/** Record: subscribe id, sequence, timestamp, header length. Returns 1 when the header is whole. */
export function decodeDatagram(v: i32, len: i32): i32 {
	clearReason();
	resetSlots();
	if (!hasTimestamps(v) || !knownVersion(v)) fail(R_VERSION);
	setWindow(inBase, inBase + <usize>len);
	putU62(readVi());
	putU62(readVi());
	putU62(readVi());
	putF(<f64>(rp - inBase));
	setHeader(H_REASON, reason);
	return reason == 0 ? 1 : 0;
}

export function encodeDatagramHeader(): void {
	writeVi(getU62());
	writeVi(getU62());
	writeVi(getU62());
}
