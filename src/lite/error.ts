// Stream errors ↔ wire codes (spec §3.12): what we reset with, and what a peer's reset becomes locally.
import { ErrorCode, MoqError, RemoteError } from "../error.js";
import { resetCode } from "../transport/reset.js";

/** The local error for a failed stream read/write: our own typed errors pass through, a peer reset is RemoteError. */
export function streamError(err: unknown): MoqError {
	if (err instanceof MoqError) return err;
	// Peers that cannot choose a code (browsers, @moq/net) reset with an arbitrary reason: that is 0, Cancel.
	return new RemoteError(resetCode(err) ?? ErrorCode.Cancel, err instanceof Error ? err.message : undefined);
}

/** The code to reset a stream with for `err`. */
export function errorCode(err: unknown): number {
	return resetCode(err) ?? ErrorCode.Cancel;
}
