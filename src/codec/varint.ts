// Stand-alone varints: stream types and anything else written outside a message.
import type { Engine } from "../wasm/engine.js";
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import { Version, type U62 } from "./types.js";
import type { Cursor } from "./wasm.js";

function writeVarint(c: Cursor, v: U62): void {
	c.wU62(v);
}

/** The minimal QUIC varint of `v` (BoundsExceededError at 2^62 and above). */
export function encodeVarint(v: U62, engine?: Engine): Uint8Array {
	return encodeWith(Code.varint, Version.Lite05, writeVarint, v, "varint", engine);
}
