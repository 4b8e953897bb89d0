// GOAWAY (spec §3.11, 04+): the new session URI, empty = no redirect; at most 8192 bytes (moq-lite-versions §2.9).
import { MAX_GOAWAY_URI, R_GOAWAY_URI } from "../contract";
import { fail } from "./reason";
import { readStr, rp, writeStr } from "./wire";

export function decodeGoaway(): void {
	const start = readStr();
	if (start != 0 && rp - start > <usize>MAX_GOAWAY_URI) fail(R_GOAWAY_URI);
}

export function encodeGoaway(): void {
	writeStr();
}
