// Failure reasons reported by the WASM core, mapped to typed errors with wire codes. Which reason throws which
// class with which text is the contract's REASON_TEXT (contract/schema.mjs).
import { Limits, REASON_TEXT, type ReasonError } from "../contract.js";
import {
	BoundsExceededError,
	DecodeError,
	EncodeError,
	FrameTooLargeError,
	type MoqError,
	ProtocolViolationError,
	TooManyParametersError,
	VersionError,
} from "../error.js";

/** Frame size limit (spec §5.5), enforced by the core. */
export const MAX_FRAME = Limits.maxFrameBytes;

const CLASSES: Record<Exclude<ReasonError, "FrameTooLargeError">, new (message: string) => MoqError> = {
	BoundsExceededError,
	DecodeError,
	EncodeError,
	ProtocolViolationError,
	TooManyParametersError,
	VersionError,
};

export function reasonError(reason: number, what: string, detail = 0): MoqError {
	const entry = REASON_TEXT[reason];
	if (!entry) return new DecodeError(`${what}: codec failure ${reason}`);
	const [error, text] = entry;
	// FrameTooLarge reports the size (detail) against the limit rather than a text.
	if (error === "FrameTooLargeError") return new FrameTooLargeError(detail, MAX_FRAME);
	return new CLASSES[error](text.replace("{what}", what).replace("{detail}", String(detail)));
}
