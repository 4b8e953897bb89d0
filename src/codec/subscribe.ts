// SUBSCRIBE, SUBSCRIBE_UPDATE and the typed responses (spec §3.4).
import { Codec } from "../contract.js";
import { EncodeError } from "../error.js";
import { rDuration, wDuration } from "./duration.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Subscribe, SubscribeResponse, SubscribeUpdate, Version } from "./types.js";
import { rBool, rF, rOpt, rPath, rStr, rU62, rU8, wBool, wF, wOpt, wStr, wU62, wU8 } from "./wasm.js";

// Response tags of the core, independent of the version's wire types.
const TAG = Codec.subscribeTag;

function writePreferences(m: SubscribeUpdate): void {
	wU8(m.priority);
	wBool(m.ordered);
	wDuration(m.maxLatency);
	wOpt(m.startGroup);
	wOpt(m.endGroup);
	wU62(m.frameStart ?? 0);
	wOpt(m.frameEnd);
}

function readPreferences(): SubscribeUpdate {
	const m: SubscribeUpdate = { priority: rU8(), ordered: rBool(), maxLatency: rDuration() };
	const start = rOpt();
	const end = rOpt();
	const frameStart = rU62();
	const frameEnd = rOpt();
	if (start !== undefined) m.startGroup = start;
	if (end !== undefined) m.endGroup = end;
	// Frame bounds only appear where set (06), so 03-05 records read as before.
	if (frameStart !== 0) m.frameStart = frameStart;
	if (frameEnd !== undefined) m.frameEnd = frameEnd;
	return m;
}

export function writeSubscribe(m: Subscribe): void {
	wU62(m.id);
	wStr(m.broadcast);
	wStr(m.track);
	writePreferences(m);
}

export function readSubscribe(): Subscribe {
	const id = rU62();
	const broadcast = rPath();
	const track = rStr();
	return { id, broadcast, track, ...readPreferences() };
}

export const writeSubscribeUpdate = writePreferences;
export const readSubscribeUpdate = readPreferences;

export function writeSubscribeResponse(m: SubscribeResponse): void {
	const tag = TAG[m.type];
	if (tag === undefined) throw new EncodeError(`unknown subscribe response ${String(m.type)}`);
	wF(tag);
	switch (m.type) {
		case "ok":
			return writePreferences(m);
		case "start":
		case "end":
			return wU62(m.group);
		case "drop":
			wU62(m.start);
			wU62(m.end);
			return wU62(m.error);
	}
}

export function readSubscribeResponse(): SubscribeResponse {
	switch (rF()) {
		case TAG.ok:
			return { type: "ok", ...readPreferences() };
		case TAG.start:
			return { type: "start", group: rU62() };
		case TAG.end:
			return { type: "end", group: rU62() };
		default:
			return { type: "drop", start: rU62(), end: rU62(), error: rU62() };
	}
}

export function encodeSubscribe(m: Subscribe, version: Version): Uint8Array {
	return encodeWith(Code.subscribe, version, writeSubscribe, m, "SUBSCRIBE");
}

export function encodeSubscribeUpdate(m: SubscribeUpdate, version: Version): Uint8Array {
	return encodeWith(Code.subscribeUpdate, version, writeSubscribeUpdate, m, "SUBSCRIBE_UPDATE");
}

/** Typed: the `vi type` prefix is part of the returned bytes. */
export function encodeSubscribeResponse(m: SubscribeResponse, version: Version): Uint8Array {
	return encodeWith(Code.subscribeResponse, version, writeSubscribeResponse, m, `SUBSCRIBE response ${m.type}`);
}
