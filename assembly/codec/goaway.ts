// GOAWAY (spec §3.11, 04+): the new session URI, empty = no redirect.
import { readStr, writeStr } from "./wire";

export function decodeGoaway(): void {
	readStr();
}

export function encodeGoaway(): void {
	writeStr();
}
