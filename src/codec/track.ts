// TRACK and TRACK_INFO (spec §3.5, 05+).
import { rDuration, wDuration } from "./duration.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { TrackInfoMessage, TrackRequest, Version } from "./types.js";
import { rBool, rNum, rPath, rStr, rU8, wBool, wNum, wStr, wU8 } from "./wasm.js";

export function writeTrackRequest(m: TrackRequest): void {
	wStr(m.broadcast);
	wStr(m.track);
}

export function readTrackRequest(): TrackRequest {
	return { broadcast: rPath(), track: rStr() };
}

export function writeTrackInfo(m: TrackInfoMessage): void {
	wU8(m.priority);
	wBool(m.ordered);
	wDuration(m.latencyMax);
	wNum(m.timescale);
}

export function readTrackInfo(): TrackInfoMessage {
	return { priority: rU8(), ordered: rBool(), latencyMax: rDuration(), timescale: rNum() };
}

export function encodeTrackRequest(m: TrackRequest, version: Version): Uint8Array {
	return encodeWith(Code.track, version, writeTrackRequest, m, "TRACK");
}

export function encodeTrackInfo(m: TrackInfoMessage, version: Version): Uint8Array {
	return encodeWith(Code.trackInfo, version, writeTrackInfo, m, "TRACK_INFO");
}
