// FETCH (spec §3.6; 06 adds a frame range); its reply is bare frames (decoder.ts / frame-encoder.ts).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Fetch, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

export function writeFetch(c: Cursor, m: Fetch): void {
	c.wStr(m.broadcast);
	c.wStr(m.track);
	c.wU8(m.priority);
	c.wU62(m.group);
	c.wU62(m.frameStart ?? 0);
	c.wOpt(m.frameEnd);
}

export function readFetch(c: Cursor): Fetch {
	const m: Fetch = { broadcast: c.rPath(), track: c.rStr(), priority: c.rU8(), group: c.rU62() };
	const frameStart = c.rU62();
	const frameEnd = c.rOpt();
	if (frameStart !== 0) m.frameStart = frameStart;
	if (frameEnd !== undefined) m.frameEnd = frameEnd;
	return m;
}

export function encodeFetch(m: Fetch, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.fetch, version, writeFetch, m, "FETCH", engine);
}
