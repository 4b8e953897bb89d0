// Typed errors carrying the moq-lite wire codes (moq-lite-versions §2.10). `instanceof` and `.code`, never string
// matching. The renumbered registry is sent on every lite version, as the newest references do; a peer's code
// is decoded in either numbering (decodeStreamCode) into the same typed classes, marked `remote`.


import { ErrorCode, SessionCode } from "./contract.js";

/** Stream reset / STOP_SENDING codes (D06 Table 3) and session close codes (D06 Table 2); contract/schema.mjs. */
export { ErrorCode, SessionCode };

/** Application codes occupy 64 + n on the wire, stream and session alike. */
export const APP_CODE_BASE = 64;

/**
 * Base class of every error moqwire throws. `code` resets the stream the error concerns; `sessionCode` closes
 * the session when the error is fatal to it. `remote`: decoded from the peer's reset or close, not raised here.
 */
export class MoqError extends Error {
	readonly code: number;
	readonly sessionCode: number;
	remote = false;
	constructor(code: number, message: string, options?: { cause?: unknown; session?: number }) {
		super(message, options);
		this.code = code;
		this.sessionCode = options?.session ?? SessionCode.Internal;
		this.name = new.target.name;
	}
}

const violation = { session: SessionCode.ProtocolViolation };

/** Something broke that has no more specific code (also what a peer's 0 means). */
export class InternalError extends MoqError {
	constructor(message = "internal error") {
		super(ErrorCode.Internal, message);
	}
}
/** A routine stop: unsubscribe, a reply nobody waits for. */
export class CancelError extends MoqError {
	constructor(message = "cancelled") {
		super(ErrorCode.Cancel, message, { session: SessionCode.NoError });
	}
}
export class OldError extends MoqError {
	constructor(message = "group expired from the cache") {
		super(ErrorCode.Old, message);
	}
}
/** Content missed its deadline. */
export class TimeoutError extends MoqError {
	constructor(message = "timed out") {
		super(ErrorCode.DeliveryTimeout, message);
	}
}
/** A control request went unanswered. */
export class ControlTimeoutError extends MoqError {
	constructor(message = "control request unanswered") {
		super(ErrorCode.ControlTimeout, message, { session: SessionCode.ControlMessageTimeout });
	}
}
/** The transport failed: every stream on it ends as the session closes. */
export class TransportError extends MoqError {
	constructor(message = "transport failed", options?: { cause?: unknown }) {
		super(ErrorCode.SessionClosed, message, options);
	}
}
/** A GOAWAY was sent or received: new requests go elsewhere. */
export class GoingAwayError extends MoqError {
	constructor(message = "going away") {
		super(ErrorCode.GoingAway, message, { session: SessionCode.GoawayTimeout });
	}
}
export class LaggedError extends MoqError {
	constructor(message = "reader fell behind") {
		super(ErrorCode.TooFarBehind, message);
	}
}
/** Track content that cannot be parsed (a relay cannot tell; kept for decoding the peer's code). */
export class MalformedTrackError extends MoqError {
	constructor(message = "malformed track") {
		super(ErrorCode.MalformedTrack, message);
	}
}
/** Malformed bytes: truncated window, trailing bytes inside a message, invalid UTF-8, bad flag values... */
export class DecodeError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
export class UnauthorizedError extends MoqError {
	constructor(message = "unauthorized") {
		super(ErrorCode.Internal, message, { session: SessionCode.Unauthorized });
	}
}
export class VersionError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, { session: SessionCode.VersionNegotiationFailed });
	}
}
export class UnexpectedStreamError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
/** A varint, path, hop list, parameter bag or message length beyond its limit. */
export class BoundsExceededError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
export class DuplicateError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
export class NotFoundError extends MoqError {
	constructor(message = "not found") {
		super(ErrorCode.NotFound, message);
	}
}
export class WrongSizeError extends MoqError {
	constructor(message = "stream ended inside a frame") {
		super(ErrorCode.WrongSize, message, violation);
	}
}
export class ProtocolViolationError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
export class UnexpectedMessageError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message, violation);
	}
}
export class UnsupportedError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message);
	}
}
export class EncodeError extends MoqError {
	constructor(message: string) {
		super(ErrorCode.Internal, message);
	}
}
export class TooManyParametersError extends MoqError {
	constructor(message = "too many parameters") {
		super(ErrorCode.Internal, message, { session: SessionCode.KeyValueFormatting });
	}
}
/** A session limit exceeded. */
export class TooManyRequestsError extends MoqError {
	constructor(message = "too many requests") {
		super(ErrorCode.Internal, message, { session: SessionCode.TooManyRequests });
	}
}
export class UnknownAlpnError extends MoqError {
	constructor(alpn: string) {
		super(ErrorCode.Internal, `unknown ALPN or subprotocol: ${JSON.stringify(alpn)}`, { session: SessionCode.VersionNegotiationFailed });
	}
}
export class DroppedError extends MoqError {
	constructor(message = "dropped") {
		super(ErrorCode.Internal, message);
	}
}
export class ClosedError extends MoqError {
	constructor(message = "closed") {
		super(ErrorCode.SessionClosed, message, { session: SessionCode.NoError });
	}
}
export class NoCapacityError extends MoqError {
	constructor(message = "no capacity") {
		super(ErrorCode.NoCapacity, message);
	}
}
export class GroupTooLargeError extends MoqError {
	constructor(message = "group past the cache budget") {
		super(ErrorCode.GroupTooLarge, message);
	}
}
export class FrameTooLargeError extends MoqError {
	/** A local check names the size and limit; a peer's code carries only its message. */
	constructor(size: number | bigint | string, max?: number) {
		super(ErrorCode.FrameTooLarge, typeof size === "string" ? size : `frame of ${size} bytes exceeds ${max}`);
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
/**
 * A peer's code with no typed meaning here: an application code (64 + n, kept as sent), or a reserved or
 * unknown one (unspecified: `code` 0, the raw number in `wire`).
 */
export class RemoteError extends MoqError {
	readonly wire: number;
	constructor(code: number, message = `remote error ${code}`, wire = code) {
		super(code, message, { session: code >= APP_CODE_BASE ? code : SessionCode.Internal });
		this.wire = wire;
		this.remote = true;
	}
}
/** The WASM core was used before it was loaded (browser/Deno entries load it asynchronously: await `ready()`). */
export class WasmNotReadyError extends MoqError {
	constructor() {
		super(ErrorCode.Internal, "moqwire WASM core not loaded yet: await ready() first");
	}
}
