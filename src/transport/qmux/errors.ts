// QUIC transport error codes QMux reuses (RFC 9000 §20.1) and the error a decoder or the connection throws on a
// peer's violation; the connection answers it with CONNECTION_CLOSE carrying the code.

export const TransportCode = {
	NoError: 0x0,
	Internal: 0x1,
	FlowControl: 0x3,
	StreamLimit: 0x4,
	StreamState: 0x5,
	FinalSize: 0x6,
	FrameEncoding: 0x7,
	TransportParameter: 0x8,
	ProtocolViolation: 0xa,
} as const;

/** A connection error found in the peer's bytes: `code` goes on the wire in CONNECTION_CLOSE. */
export class QmuxError extends Error {
	readonly code: number;
	constructor(code: number, message: string) {
		super(message);
		this.name = "QmuxError";
		this.code = code;
	}
}
