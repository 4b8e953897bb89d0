// Every version gate of the codec, named by feature (spec §1.2, moq-lite-versions §2.1). Versions arrive as their
// last byte: 3..6. A feature introduced in N is `v >= N`, so the next version inherits it; one retired in M is
// bounded by it explicitly.
import {
	K_ANNOUNCE,
	K_ANNOUNCE_CHANGE,
	K_ANNOUNCE_OK,
	K_DATAGRAM_HEADER,
	K_GOAWAY,
	K_SETUP,
	K_TRACK,
	K_TRACK_INFO,
} from "../contract";

export const FIRST_VERSION: i32 = 3;
export const LAST_VERSION: i32 = 6;

export function knownVersion(v: i32): bool {
	return v >= FIRST_VERSION && v <= LAST_VERSION;
}
export function hasTimestamps(v: i32): bool {
	return v >= 5;
}
export function hasProbeRtt(v: i32): bool {
	return v >= 4;
}
/** ANNOUNCE_REQUEST exclude_hop: 04 and 05; 06 filters by the SETUP Hop instead. */
export function hasExcludeHop(v: i32): bool {
	return v == 4 || v == 5;
}
/** 04+ send hop ids; 03 only a count. */
export function hasHopList(v: i32): bool {
	return v >= 4;
}
/** ANNOUNCE status 2 (restart) is accepted on decode on 05 only (06 announces have no status). */
export function hasRestartStatus(v: i32): bool {
	return v == 5;
}
/** 06+: typed START/END/UPDATE with implicit ids and route costs replace the status-byte ANNOUNCE. */
export function hasAnnounceId(v: i32): bool {
	return v >= 6;
}
/** 05+ reply START/END/DROP (0/1/2); 03/04 reply OK/DROP (0/1). */
export function hasSubscribeStart(v: i32): bool {
	return v >= 5;
}
/** The `ordered` byte of SUBSCRIBE/UPDATE/TRACK_INFO: 03..05, retired on 06. */
export function hasGroupOrder(v: i32): bool {
	return v <= 5;
}
/** 06+: Group Start is a raw floor (0 with frame start 0 = none), not an `opt`. */
export function resolvesStart(v: i32): bool {
	return v >= 6;
}
/** 06+: frame ranges in SUBSCRIBE/UPDATE/FETCH and GROUP's Frame Start. */
export function hasFrameBounds(v: i32): bool {
	return v >= 6;
}

export function kindAllowed(kind: i32, v: i32): bool {
	if (!knownVersion(v)) return false;
	if (kind == K_SETUP || kind == K_ANNOUNCE_OK || kind == K_TRACK || kind == K_TRACK_INFO || kind == K_DATAGRAM_HEADER) {
		return v >= 5;
	}
	if (kind == K_ANNOUNCE) return !hasAnnounceId(v);
	if (kind == K_ANNOUNCE_CHANGE) return hasAnnounceId(v);
	if (kind == K_GOAWAY) return v >= 4;
	return true;
}
