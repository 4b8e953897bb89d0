// Every version gate of the codec, named by feature (spec §1.2, moq-lite-versions §2.1, §3.4). Versions arrive as
// their last byte: 1..6 (01/02 are the legacy versions negotiated inside CLIENT_SETUP). A feature introduced in N is `v >= N`, so the next version inherits it; one retired in M is
// bounded by it explicitly.
import {
	K_ANNOUNCE,
	K_ANNOUNCE_CHANGE,
	K_ANNOUNCE_INIT,
	K_ANNOUNCE_OK,
	K_DATAGRAM_HEADER,
	K_FETCH,
	K_GOAWAY,
	K_LEGACY_SETUP,
	K_PROBE,
	K_SESSION_INFO,
	K_SETUP,
	K_SUBSCRIBE_RESPONSE,
	K_SUBSCRIBE_UPDATE,
	K_TRACK,
	K_TRACK_INFO,
	isTyped,
} from "../contract";

export const FIRST_VERSION: i32 = 1;
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
/** 01/02: the SETUP handshake, the session stream (SESSION_INFO) and ANNOUNCE_INIT; retired by 03. */
export function hasSessionStream(v: i32): bool {
	return v <= 2;
}
/** 03+: ANNOUNCE carries a hop count (01/02 have none). */
export function hasHopCount(v: i32): bool {
	return v >= 3;
}
/** 03+: SUBSCRIBE carries ordered, max latency, start and end; 01/02 only the priority. */
export function hasSubscribePreferences(v: i32): bool {
	return v >= 3;
}
/** 03+: typed subscribe responses; 01/02 answer one untyped SUBSCRIBE_OK. */
export function hasTypedSubscribeResponse(v: i32): bool {
	return v >= 3;
}
/** 01's untyped SUBSCRIBE_OK carries the priority; 02's is empty. */
export function hasOkPriority(v: i32): bool {
	return v == 1;
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
	if (kind == K_LEGACY_SETUP || kind == K_ANNOUNCE_INIT || kind == K_SESSION_INFO) return hasSessionStream(v);
	if (kind == K_SUBSCRIBE_UPDATE || kind == K_PROBE || kind == K_FETCH) return v >= 3;
	return true;
}

/** Whether `kind` carries a `vi type` before its length on `v` (01/02 SUBSCRIBE_OK is untyped). */
export function typedOn(kind: i32, v: i32): bool {
	if (kind == K_SUBSCRIBE_RESPONSE) return hasTypedSubscribeResponse(v);
	return isTyped(kind);
}
