// FETCH (spec §3.6); its reply is bare frames (decoder.ts / frame-encoder.ts).
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { Fetch, Version } from "./types.js";
import { rPath, rStr, rU62, rU8, wStr, wU62, wU8 } from "./wasm.js";

export function writeFetch(m: Fetch): void {
	wStr(m.broadcast);
	wStr(m.track);
	wU8(m.priority);
	wU62(m.group);
}

export function readFetch(): Fetch {
	return { broadcast: rPath(), track: rStr(), priority: rU8(), group: rU62() };
}

export function encodeFetch(m: Fetch, version: Version): Uint8Array {
	return encodeWith(Code.fetch, version, writeFetch, m, "FETCH");
}
