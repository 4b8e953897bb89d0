// SUBSCRIBE, SUBSCRIBE_UPDATE and the typed responses (spec §3.4).
import { Codec } from "../contract.js";
import { EncodeError } from "../error.js";
import { rDuration, wDuration } from "./duration.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Subscribe, SubscribeResponse, SubscribeUpdate, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

// Response tags of the core, independent of the version's wire types.
const TAG = Codec.subscribeTag;

function writePreferences(c: Cursor, m: SubscribeUpdate): void {
	c.wU8(m.priority);
	c.wBool(m.ordered);
	wDuration(c, m.maxLatency);
	c.wOpt(m.startGroup);
	c.wOpt(m.endGroup);
	c.wU62(m.frameStart ?? 0);
	c.wOpt(m.frameEnd);
}

function readPreferences(c: Cursor): SubscribeUpdate {
	const m: SubscribeUpdate = { priority: c.rU8(), ordered: c.rBool(), maxLatency: rDuration(c) };
	const start = c.rOpt();
	const end = c.rOpt();
	const frameStart = c.rU62();
	const frameEnd = c.rOpt();
	if (start !== undefined) m.startGroup = start;
	if (end !== undefined) m.endGroup = end;
	// Frame bounds only appear where set (06), so 03-05 records read as before.
	if (frameStart !== 0) m.frameStart = frameStart;
	if (frameEnd !== undefined) m.frameEnd = frameEnd;
	return m;
}

export function writeSubscribe(c: Cursor, m: Subscribe): void {
	c.wU62(m.id);
	c.wStr(m.broadcast);
	c.wStr(m.track);
	writePreferences(c, m);
}

export function readSubscribe(c: Cursor): Subscribe {
	const id = c.rU62();
	const broadcast = c.rPath();
	const track = c.rStr();
	return { id, broadcast, track, ...readPreferences(c) };
}

export const writeSubscribeUpdate = writePreferences;
export const readSubscribeUpdate = readPreferences;

export function writeSubscribeResponse(c: Cursor, m: SubscribeResponse): void {
	const tag = TAG[m.type];
	if (tag === undefined) throw new EncodeError(`unknown subscribe response ${String(m.type)}`);
	c.wF(tag);
	switch (m.type) {
		case "ok":
			return writePreferences(c, m);
		case "start":
		case "end":
			return c.wU62(m.group);
		case "drop":
			c.wU62(m.start);
			c.wU62(m.end);
			return c.wU62(m.error);
	}
}

export function readSubscribeResponse(c: Cursor): SubscribeResponse {
	switch (c.rF()) {
		case TAG.ok:
			return { type: "ok", ...readPreferences(c) };
		case TAG.start:
			return { type: "start", group: c.rU62() };
		case TAG.end:
			return { type: "end", group: c.rU62() };
		default:
			return { type: "drop", start: c.rU62(), end: c.rU62(), error: c.rU62() };
	}
}

export function encodeSubscribe(m: Subscribe, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.subscribe, version, writeSubscribe, m, "SUBSCRIBE", engine);
}

export function encodeSubscribeUpdate(m: SubscribeUpdate, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.subscribeUpdate, version, writeSubscribeUpdate, m, "SUBSCRIBE_UPDATE", engine);
}

/** Typed: the `vi type` prefix is part of the returned bytes. */
export function encodeSubscribeResponse(m: SubscribeResponse, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.subscribeResponse, version, writeSubscribeResponse, m, `SUBSCRIBE response ${m.type}`, engine);
}
