// Durations in ms (moq-lite-versions §2.6): 2^53−1 is the wire's "no limit", and anything at or above it reads
// as that, so no caller multiplies it or arms a timer with it.
import type { Cursor } from "./wasm.js";

export const NO_LIMIT_MS = Number.MAX_SAFE_INTEGER;

/** True for "no limit": the sentinel, anything above it, or Infinity. */
export function unlimited(ms: number): boolean {
	return !(ms < NO_LIMIT_MS);
}

export function rDuration(c: Cursor): number {
	const v = c.rU62();
	return typeof v === "bigint" || unlimited(v) ? NO_LIMIT_MS : v;
}

/** Whole ms; "no limit" (Infinity included) is written as the sentinel. */
export function wDuration(c: Cursor, ms: number): void {
	c.wNum(unlimited(ms) ? NO_LIMIT_MS : ms);
}
