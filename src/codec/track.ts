// TRACK and TRACK_INFO (spec §3.5, 05+).
import { rDuration, wDuration } from "./duration.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { TrackInfoMessage, TrackRequest, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

export function writeTrackRequest(c: Cursor, m: TrackRequest): void {
	c.wStr(m.broadcast);
	c.wStr(m.track);
}

export function readTrackRequest(c: Cursor): TrackRequest {
	return { broadcast: c.rPath(), track: c.rStr() };
}

export function writeTrackInfo(c: Cursor, m: TrackInfoMessage): void {
	c.wU8(m.priority);
	c.wBool(m.ordered);
	wDuration(c, m.latencyMax);
	c.wNum(m.timescale);
}

export function readTrackInfo(c: Cursor): TrackInfoMessage {
	return { priority: c.rU8(), ordered: c.rBool(), latencyMax: rDuration(c), timescale: c.rNum() };
}

export function encodeTrackRequest(m: TrackRequest, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.track, version, writeTrackRequest, m, "TRACK", engine);
}

export function encodeTrackInfo(m: TrackInfoMessage, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.trackInfo, version, writeTrackInfo, m, "TRACK_INFO", engine);
}
