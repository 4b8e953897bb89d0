// Wire codec exports (the TS facade is src/codec/*). Everything crosses as i32/f64; see memory.ts for the
// slot table that carries fields and exact u62 values.
import { BIG, ensureInput, TABLE } from "./memory";

export { decodeMessages, encodeMessage } from "./framing";
export { decodeFrames } from "./frame";
export { decodeDatagram } from "./datagram";

export function codecTable(): usize {
	return TABLE;
}

export function codecBig(): usize {
	return BIG;
}

/** The input area with room for `size` bytes (it may move and grow memory: refresh views after). */
export function codecInput(size: usize): usize {
	return ensureInput(size);
}
