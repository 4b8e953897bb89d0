// Stand-alone varints: stream types and anything else written outside a message.
import { encodeWith } from "./encode.js";
import { Code } from "./kinds.js";
import { Version, type U62 } from "./types.js";
import { wU62 } from "./wasm.js";

/** The minimal QUIC varint of `v` (BoundsExceededError at 2^62 and above). */
export function encodeVarint(v: U62): Uint8Array {
	return encodeWith(Code.varint, Version.Lite05, wU62, v, "varint");
}
