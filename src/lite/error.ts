// Stream and session codes ↔ typed errors (moq-lite-versions §2.10). We send the renumbered registry on every
// version, as the newest Rust and JS do (@moq/net ≤0.3.4 cannot choose a code and reports ours verbatim).
// A peer's code is read in either numbering: the new registry where it assigns a meaning, else the Aug-2026
// one (moq-lite.md §3.12) for the numbers the new registry leaves free. No Aug-era peer speaks 06 and the new
// registry never reuses those numbers, so one table serves every version.
import * as E from "../error.js";
import { resetCode } from "../transport/reset.js";

type Make = (message: string) => E.MoqError;

const STREAM: Readonly<Record<number, Make>> = {
	// The new registry.
	0x0: (m) => new E.InternalError(m),
	0x1: (m) => new E.CancelError(m),
	0x2: (m) => new E.TimeoutError(m),
	0x3: (m) => new E.ClosedError(m),
	0x4: (m) => new E.GoingAwayError(m),
	0x5: (m) => new E.LaggedError(m),
	0x12: (m) => new E.MalformedTrackError(m),
	0x30: (m) => new E.NoCapacityError(m),
	0x31: (m) => new E.ControlTimeoutError(m),
	0x32: (m) => new E.GroupTooLargeError(m),
	0x33: (m) => new E.NotFoundError(m),
	0x34: (m) => new E.OldError(m),
	0x35: (m) => new E.EvictedError(m),
	0x36: (m) => new E.UnroutableError(m),
	0x37: (m) => new E.WrongSizeError(m),
	0x38: (m) => new E.FrameTooLargeError(m),
	0x39: (m) => new E.TimestampMismatchError(m),
	// Aug-2026 numbers the new registry leaves unassigned.
	6: (m) => new E.UnauthorizedError(m),
	9: (m) => new E.VersionError(m),
	10: (m) => new E.UnexpectedStreamError(m),
	11: (m) => new E.BoundsExceededError(m),
	12: (m) => new E.DuplicateError(m),
	13: (m) => new E.NotFoundError(m),
	14: (m) => new E.WrongSizeError(m),
	15: (m) => new E.ProtocolViolationError(m),
	16: (m) => new E.UnexpectedMessageError(m),
	17: (m) => new E.UnsupportedError(m),
	19: (m) => new E.TooManyParametersError(m),
	20: (m) => new E.ProtocolViolationError(m),
	21: (m) => new E.VersionError(m),
	24: (m) => new E.DroppedError(m),
	25: (m) => new E.ClosedError(m),
	26: (m) => new E.LaggedError(m),
	27: (m) => new E.FrameTooLargeError(m),
	29: (m) => new E.TimestampMismatchError(m),
	30: (m) => new E.UnroutableError(m),
	31: (m) => new E.EvictedError(m),
};

const SESSION: Readonly<Record<number, Make>> = {
	[E.SessionCode.NoError]: (m) => new E.ClosedError(m),
	[E.SessionCode.Internal]: (m) => new E.InternalError(m),
	[E.SessionCode.Unauthorized]: (m) => new E.UnauthorizedError(m),
	[E.SessionCode.ProtocolViolation]: (m) => new E.ProtocolViolationError(m),
	[E.SessionCode.KeyValueFormatting]: (m) => new E.TooManyParametersError(m),
	[E.SessionCode.TooManyRequests]: (m) => new E.TooManyRequestsError(m),
	[E.SessionCode.GoawayTimeout]: (m) => new E.GoingAwayError(m),
	[E.SessionCode.ControlMessageTimeout]: (m) => new E.ControlTimeoutError(m),
	[E.SessionCode.VersionNegotiationFailed]: (m) => new E.VersionError(m),
};

function decode(table: Readonly<Record<number, Make>>, code: number, message: string): E.MoqError {
	// Application codes pass through; reserved (32-47) and unknown ones are unspecified, never interpreted.
	const make = code < E.APP_CODE_BASE ? table[code] : undefined;
	const err = make ? make(message) : new E.RemoteError(code >= E.APP_CODE_BASE ? code : E.ErrorCode.Internal, message, code);
	err.remote = true;
	return err;
}

/** The typed error a peer's stream reset (or STOP_SENDING) code means. */
export function decodeStreamCode(code: number, message = `stream reset by the peer with code ${code}`): E.MoqError {
	return decode(STREAM, code, message);
}

/** The typed error a peer's session close code means. */
export function decodeSessionCode(code: number, message = `session closed by the peer (code ${code})`): E.MoqError {
	return decode(SESSION, code, message);
}

/** The local error for a failed stream read/write: our own typed errors pass through, a peer reset is decoded. */
export function streamError(err: unknown): E.MoqError {
	if (err instanceof E.MoqError) return err;
	// Peers that cannot choose a code (browsers, @moq/net) abort with a bare reason: 0, unspecified.
	const code = resetCode(err) ?? E.ErrorCode.Internal;
	return decodeStreamCode(code, err instanceof Error ? err.message : undefined);
}

/** The code to reset a stream with for `err`. */
export function errorCode(err: unknown): number {
	return resetCode(err) ?? E.ErrorCode.Internal;
}
