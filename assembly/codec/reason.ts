// Failure reasons reported to TS, which maps each to its typed error and wire code (src/codec/errors.ts keeps
// the same numbers).
export const R_SHORT: i32 = 1; // a field ran past the end of its message window
export const R_LONG: i32 = 2; // bytes left over inside the message window
export const R_BOOL: i32 = 3; // bool8 other than 0/1
export const R_TIMESCALE: i32 = 4; // TRACK_INFO timescale 0 on decode
export const R_PATH_PARTS: i32 = 5; // path above 32 parts
export const R_HOPS: i32 = 6; // hop list above 32
export const R_PARAMS: i32 = 7; // parameter bag above 64
export const R_DUP_PARAM: i32 = 8; // same parameter id twice on decode
export const R_MSG_TOO_LARGE: i32 = 9; // length prefix above the caller's cap
export const R_FRAME_TOO_LARGE: i32 = 10; // frame size above 32 MiB
export const R_TYPE: i32 = 11; // unknown typed-message type
export const R_STATUS: i32 = 12; // unknown ANNOUNCE status
export const R_TIMESTAMP: i32 = 13; // timestamp or delta not exact as a JS number
export const R_PARAM_VARINT: i32 = 14; // varint parameter that is not exactly one varint
export const R_VERSION: i32 = 15; // message or variant absent in this version
export const R_ENC_STATUS: i32 = 16; // status restart is never encoded
export const R_ENC_DUP_PARAM: i32 = 17; // encoder given the same parameter id twice
export const R_ENC_TIMESCALE: i32 = 18; // encoder given timescale 0
export const R_VARINT: i32 = 19; // value at or above 2^62 given to the encoder
export const R_ENC_NO_TIMESTAMP: i32 = 20; // 05 frame header without a timestamp

export let reason: i32 = 0;

/** Keeps the first failure: later checks run on garbage and must not mask it. */
export function fail(r: i32): void {
	if (reason == 0) reason = r;
}

export function clearReason(): void {
	reason = 0;
}
