// Stream reset codes across transports: browsers surface them as WebTransportError.streamErrorCode, our own
// adapters as StreamResetError; a MoqError used as an abort reason carries its wire code.
import { MoqError } from "../error.js";

/** The error a reader sees when its peer reset the stream (or a writer sees on STOP_SENDING). */
export class StreamResetError extends Error {
	readonly streamErrorCode: number;
	readonly source = "stream";
	constructor(code: number, message = `stream reset with code ${code}`) {
		super(message);
		this.name = "StreamResetError";
		this.streamErrorCode = code;
	}
}

/** The reason object to abort/cancel a stream with, so the peer sees `code`. */
export function resetReason(code: number): Error {
	const native = (globalThis as unknown as { WebTransportError?: new (...args: unknown[]) => Error }).WebTransportError;
	if (!native) return new StreamResetError(code);
	try {
		return new native(`reset ${code}`, { source: "stream", streamErrorCode: code });
	} catch {
		// Chromium 156 accepts only the older single-dictionary constructor.
		return new native({ message: `reset ${code}`, streamErrorCode: code });
	}
}

/** The wire code carried by a stream error, or undefined when it is not a reset (a local failure). */
export function resetCode(err: unknown): number | undefined {
	if (err instanceof MoqError) return err.code;
	const code = (err as { streamErrorCode?: unknown } | null)?.streamErrorCode;
	return typeof code === "number" ? code : undefined;
}
