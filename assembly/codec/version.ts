// Every version gate of the codec (spec §1.2). Versions arrive as their last byte: 3, 4 or 5.
import {
	K_ANNOUNCE_OK,
	K_DATAGRAM_HEADER,
	K_GOAWAY,
	K_SETUP,
	K_TRACK,
	K_TRACK_INFO,
} from "../contract";

export function hasTimestamps(v: i32): bool {
	return v >= 5;
}
export function hasProbeRtt(v: i32): bool {
	return v >= 4;
}
export function hasExcludeHop(v: i32): bool {
	return v == 4 || v == 5;
}
/** 04+ send hop ids; 03 only a count. */
export function hasHopList(v: i32): bool {
	return v >= 4;
}
/** ANNOUNCE status 2 (restart) is accepted on decode on 05 only. */
export function hasRestartStatus(v: i32): bool {
	return v == 5;
}
/** 05 replies START/END/DROP (0/1/2); 03/04 reply OK/DROP (0/1). */
export function hasSubscribeStart(v: i32): bool {
	return v >= 5;
}

export function kindAllowed(kind: i32, v: i32): bool {
	if (v < 3 || v > 5) return false;
	if (kind == K_SETUP || kind == K_ANNOUNCE_OK || kind == K_TRACK || kind == K_TRACK_INFO || kind == K_DATAGRAM_HEADER) {
		return v >= 5;
	}
	if (kind == K_GOAWAY) return v >= 4;
	return true;
}
