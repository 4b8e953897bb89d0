// GROUP header (spec §3.7); the frames that follow are handled by decoder.ts / frame-encoder.ts.
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import type { GroupHeader, Version } from "./types.js";
import type { Cursor } from "./wasm.js";
import type { Engine } from "../wasm/engine.js";

export function writeGroupHeader(c: Cursor, m: GroupHeader): void {
	c.wU62(m.subscribeId);
	c.wU62(m.sequence);
	c.wU62(m.frameStart ?? 0);
}

export function readGroupHeader(c: Cursor): GroupHeader {
	const m: GroupHeader = { subscribeId: c.rU62(), sequence: c.rU62() };
	const frameStart = c.rU62();
	if (frameStart !== 0) m.frameStart = frameStart;
	return m;
}

export function encodeGroupHeader(m: GroupHeader, version: Version, engine?: Engine): Uint8Array {
	return encodeWith(Code.group, version, writeGroupHeader, m, "GROUP", engine);
}
