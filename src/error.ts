// Typed errors carrying the moq-lite wire codes (spec §3.12). `instanceof` and `.code`, never string matching.

import { ErrorCode } from "./contract.js";

/** Wire error codes as sent in stream resets and session closes (spec §3.12; contract/schema.mjs). */
export { ErrorCode };

/** Application codes occupy 64 + n on the wire. */
export const APP_CODE_BASE = 64;

/** Base class of every error moqwire throws. `code` is the wire code sent when this error resets a stream. */
export class MoqError extends Error {
	readonly code: number;
	constructor(code: number, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
		this.name = new.target.name;
	}
}

export class CancelError extends MoqError {
	constructor(message = "cancelled") {
		super(ErrorCode.Cancel, message);
	}
}
export class OldError extends MoqError {
	constructor(message = "group expired from the cache") {
		super(ErrorCode.Old, message);
	}
}
export class TimeoutError extends MoqError {
	constructor(message = "timed out") {
		super(ErrorCode.Timeout, message);
	}
}
export class TransportError extends MoqError {
	constructor(message = "transport failed", options?: { cause?: unknown }) {
		super(ErrorCode.Transport, message, options);
	}
}
/** Malformed bytes: truncated window, trailing bytes inside a message, invalid UTF-8, bad flag values... */
export class DecodeError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Decode, message);
	}
}
export class UnauthorizedError extends MoqError {
	constructor(message = "unauthorized") {
		super(ErrorCode.Unauthorized, message);
	}
}
export class VersionError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Version, message);
	}
}
export class UnexpectedStreamError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.UnexpectedStream, message);
	}
}
/** A varint, path, hop list, parameter bag or message length beyond its limit. */
export class BoundsExceededError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.BoundsExceeded, message);
	}
}
export class DuplicateError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Duplicate, message);
	}
}
export class NotFoundError extends MoqError {
	constructor(message = "not found") {
		super(ErrorCode.NotFound, message);
	}
}
export class WrongSizeError extends MoqError {
	constructor(message = "stream ended inside a frame") {
		super(ErrorCode.WrongSize, message);
	}
}
export class ProtocolViolationError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.ProtocolViolation, message);
	}
}
export class UnexpectedMessageError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.UnexpectedMessage, message);
	}
}
export class UnsupportedError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Unsupported, message);
	}
}
export class EncodeError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Encode, message);
	}
}
export class TooManyParametersError extends MoqError {
	constructor(message = "too many parameters") {
		super(ErrorCode.TooManyParameters, message);
	}
}
export class UnknownAlpnError extends MoqError {
	constructor(alpn: string) {
		super(ErrorCode.UnknownAlpn, `unknown ALPN or subprotocol: ${JSON.stringify(alpn)}`);
	}
}
export class DroppedError extends MoqError {
	constructor(message = "dropped") {
		super(ErrorCode.Dropped, message);
	}
}
export class ClosedError extends MoqError {
	constructor(message = "closed") {
		super(ErrorCode.Closed, message);
	}
}
export class LaggedError extends MoqError {
	constructor(message = "reader fell behind") {
		super(ErrorCode.Lagged, message);
	}
}
export class FrameTooLargeError extends MoqError {
	constructor(size: number | bigint, max: number) {
		super(ErrorCode.FrameTooLarge, `frame of ${size} bytes exceeds ${max}`);
	}
}
export class TimestampMismatchError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.TimestampMismatch, message);
	}
}
export class UnroutableError extends MoqError {
	constructor(message = "unroutable") {
		super(ErrorCode.Unroutable, message);
	}
}
export class EvictedError extends MoqError {
	constructor(message = "group evicted by cache pressure") {
		super(ErrorCode.Evicted, message);
	}
}
/** The peer reset a stream or closed the session with this code. */
export class RemoteError extends MoqError {
	constructor(code: number, message = `remote error ${code}`) {
		super(code, message);
	}
}
/** The WASM core was used before it was loaded (browser/Deno entries load it asynchronously: await `ready()`). */
export class WasmNotReadyError extends MoqError {
	constructor() {
		super(ErrorCode.Closed, "moqwire WASM core not loaded yet: await ready() first");
	}
}
