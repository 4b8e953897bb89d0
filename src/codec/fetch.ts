// FETCH (spec §3.6; 06 adds a frame range); its reply is bare frames (decoder.ts / frame-encoder.ts).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Fetch, Version } from "./types.js";
import { rOpt, rPath, rStr, rU62, rU8, wOpt, wStr, wU62, wU8 } from "./wasm.js";

export function writeFetch(m: Fetch): void {
	wStr(m.broadcast);
	wStr(m.track);
	wU8(m.priority);
	wU62(m.group);
	wU62(m.frameStart ?? 0);
	wOpt(m.frameEnd);
}

export function readFetch(): Fetch {
	const m: Fetch = { broadcast: rPath(), track: rStr(), priority: rU8(), group: rU62() };
	const frameStart = rU62();
	const frameEnd = rOpt();
	if (frameStart !== 0) m.frameStart = frameStart;
	if (frameEnd !== undefined) m.frameEnd = frameEnd;
	return m;
}

export function encodeFetch(m: Fetch, version: Version): Uint8Array {
	return encodeWith(Code.fetch, version, writeFetch, m, "FETCH");
}
