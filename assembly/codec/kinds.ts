// Message kinds shared with the TS facade (src/codec/kinds.ts keeps the same numbers).
export const K_SETUP: i32 = 0;
export const K_ANNOUNCE_REQUEST: i32 = 1;
export const K_ANNOUNCE_OK: i32 = 2;
export const K_ANNOUNCE: i32 = 3;
export const K_SUBSCRIBE: i32 = 4;
export const K_SUBSCRIBE_UPDATE: i32 = 5;
export const K_SUBSCRIBE_RESPONSE: i32 = 6;
export const K_TRACK: i32 = 7;
export const K_TRACK_INFO: i32 = 8;
export const K_FETCH: i32 = 9;
export const K_GROUP: i32 = 10;
export const K_PROBE: i32 = 11;
export const K_GOAWAY: i32 = 12;
// Raw kinds: not wrapped in MSG{}.
export const K_VARINT: i32 = 13;
export const K_FRAME_HEADER: i32 = 14;
export const K_DATAGRAM_HEADER: i32 = 15;

/** Typed messages carry `vi type` before the length (spec §2.2). */
export function isTyped(kind: i32): bool {
	return kind == K_SUBSCRIBE_RESPONSE;
}

export function isRaw(kind: i32): bool {
	return kind >= K_VARINT;
}

/** Upper bound of table slots one decoded record can take, so a batch never overruns the table. */
export function maxSlots(kind: i32): i32 {
	if (kind == K_SETUP) return 1 + 64 * 4;
	if (kind == K_ANNOUNCE) return 4 + 32;
	return 16;
}
