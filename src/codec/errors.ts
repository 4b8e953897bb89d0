// Failure reasons reported by the WASM core (assembly/codec/reason.ts) mapped to typed errors with wire codes.
import {
	BoundsExceededError,
	DecodeError,
	EncodeError,
	FrameTooLargeError,
	type MoqError,
	TooManyParametersError,
	VersionError,
} from "../error.js";

/** Frame size limit (spec §5.5), enforced by the core. */
export const MAX_FRAME = 32 * 1024 * 1024;

const REASONS: Record<number, (what: string, detail: number) => MoqError> = {
	1: (w) => new DecodeError(`${w}: message ended inside a field`),
	2: (w) => new DecodeError(`${w}: trailing bytes inside the message`),
	3: (w) => new DecodeError(`${w}: bool8 must be 0 or 1`),
	4: (w) => new DecodeError(`${w}: timescale must not be 0`),
	5: (w) => new BoundsExceededError(`${w}: path exceeds 32 parts`),
	6: (w) => new BoundsExceededError(`${w}: more than 32 hops`),
	7: (w) => new TooManyParametersError(`${w}: more than 64 parameters`),
	8: (w) => new DecodeError(`${w}: duplicate parameter id`),
	9: (w) => new BoundsExceededError(`${w}: message length exceeds the cap`),
	10: (_, size) => new FrameTooLargeError(size, MAX_FRAME),
	11: (w) => new DecodeError(`${w}: unknown message type`),
	12: (w) => new DecodeError(`${w}: unknown announce status`),
	13: (w) => new BoundsExceededError(`${w}: timestamp beyond 2^53-1`),
	14: (w) => new DecodeError(`${w}: a varint parameter must hold exactly one varint`),
	15: (w) => new VersionError(`${w} is not part of this moq-lite version`),
	16: (w) => new EncodeError(`${w}: status restart is never encoded`),
	17: (w) => new EncodeError(`${w}: duplicate parameter id`),
	18: (w) => new EncodeError(`${w}: timescale must not be 0`),
	19: (w) => new BoundsExceededError(`${w}: value above 2^62-1`),
	20: (w) => new EncodeError(`${w}: moq-lite-05 frames need a timestamp`),
};

export function reasonError(reason: number, what: string, detail = 0): MoqError {
	const make = REASONS[reason];
	return make ? make(what, detail) : new DecodeError(`${what}: codec failure ${reason}`);
}
