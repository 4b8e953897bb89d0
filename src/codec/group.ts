// GROUP header (spec §3.7); the frames that follow are handled by decoder.ts / frame-encoder.ts.
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { GroupHeader, Version } from "./types.js";
import { rU62, wU62 } from "./wasm.js";

export function writeGroupHeader(m: GroupHeader): void {
	wU62(m.subscribeId);
	wU62(m.sequence);
	wU62(m.frameStart ?? 0);
}

export function readGroupHeader(): GroupHeader {
	const m: GroupHeader = { subscribeId: rU62(), sequence: rU62() };
	const frameStart = rU62();
	if (frameStart !== 0) m.frameStart = frameStart;
	return m;
}

export function encodeGroupHeader(m: GroupHeader, version: Version): Uint8Array {
	return encodeWith(Code.group, version, writeGroupHeader, m, "GROUP");
}
