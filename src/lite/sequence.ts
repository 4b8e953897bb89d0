// Group sequences cross into the model as exact JS numbers (at most 2^53-1); larger wire values are refused.
import type { U62 } from "../codec/index.js";
import { BoundsExceededError } from "../error.js";

export function seq(v: U62): number {
	if (typeof v === "bigint") throw new BoundsExceededError(`group sequence ${v} is above 2^53 - 1`);
	return v;
}
