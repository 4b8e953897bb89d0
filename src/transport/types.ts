// The W3C-WebTransport-shaped interface every moqwire session speaks. Browser WebTransport satisfies it natively;
// QMux-over-WebSocket, Node QUIC and the in-memory pair are adapters to it.

/** An outgoing stream. `sendOrder`: higher is sent first (W3C semantics). */
export interface SendStream extends WritableStream<Uint8Array> {
	sendOrder?: number | null;
}

export interface BidiStream {
	readonly readable: ReadableStream<Uint8Array>;
	readonly writable: SendStream;
}

export interface CloseInfo {
	closeCode?: number;
	reason?: string;
}

export interface StreamOptions {
	sendOrder?: number;
}

export interface DatagramDuplex {
	readonly readable: ReadableStream<Uint8Array>;
	readonly writable: WritableStream<Uint8Array>;
	readonly maxDatagramSize: number;
}

/**
 * One outgoing stream's writer without a WritableStream around it: the lean path the session's group streams
 * take where an adapter offers it (`createUnidirectionalWriter`). The members a WritableStreamDefaultWriter has
 * mean the same; `sendOrder` is the stream's W3C send order.
 */
export interface StreamWriter {
	readonly desiredSize: number | null;
	readonly ready: Promise<void>;
	readonly closed: Promise<void>;
	sendOrder: number | null;
	/** True when what is written in one turn leaves together (the adapter gathers it into its own records): a
	 * caller need not batch small chunks, and the chunks are sent as they are, uncopied. */
	readonly gathers?: boolean;
	write(chunk: Uint8Array): Promise<void>;
	close(): Promise<void>;
	abort(reason?: unknown): Promise<void>;
}

export interface Transport {
	/** The negotiated subprotocol / ALPN, e.g. "moq-lite-05". */
	readonly protocol?: string;
	readonly ready: Promise<unknown>;
	readonly closed: Promise<CloseInfo | undefined | unknown>;
	readonly incomingBidirectionalStreams: ReadableStream<BidiStream>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	readonly datagrams?: DatagramDuplex;
	createBidirectionalStream(options?: StreamOptions): Promise<BidiStream>;
	createUnidirectionalStream(options?: StreamOptions): Promise<SendStream>;
	/** The same stream as a bare writer, where the adapter can skip its WritableStream wrapper (optional). */
	createUnidirectionalWriter?(options?: StreamOptions): Promise<StreamWriter>;
	close(info?: CloseInfo): void;
}
