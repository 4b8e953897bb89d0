// A moqwire Transport over our QMux connection (./qmux), client or server side. The relay's group streams take
// the lean path (createUnidirectionalWriter: the connection's own stream object); everything else gets the
// W3C-shaped streams.
import { TransportError } from "../../error.js";
import { QmuxConnection } from "../qmux/connection.js";
import type { BidiStream, CloseInfo, SendStream, StreamOptions, StreamWriter, Transport } from "../types.js";
import { writableOf } from "./streams.js";

/** Has no `datagrams`: the WebSocket binding carries none. */
export class WebSocketTransport implements Transport {
	/** The moq ALPN, e.g. "moq-lite-05" (the QMux prefix stripped); "" when none was negotiated. */
	readonly protocol: string;
	/** Resolves once the peer's QMux transport parameters arrived. */
	readonly ready: Promise<void>;
	/** Fulfills with the close code and reason on a graceful close by either side; rejects with a TransportError
	 * when the socket dropped or the peer broke the protocol. */
	readonly closed: Promise<CloseInfo>;
	readonly incomingBidirectionalStreams: ReadableStream<BidiStream>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	readonly #conn: QmuxConnection | Transport;

	/** Over our QMux connection, or over another WebTransport-shaped session, whose streams are passed through
	 * as they are (test/attack/rig.ts drives @moq/qmux with chosen stream credit this way). */
	constructor(conn: QmuxConnection | Transport, protocol: string) {
		this.#conn = conn;
		this.protocol = protocol;
		if (!(conn instanceof QmuxConnection)) {
			this.ready = conn.ready.then(() => {});
			this.closed = conn.closed as Promise<CloseInfo>;
			this.incomingBidirectionalStreams = conn.incomingBidirectionalStreams;
			this.incomingUnidirectionalStreams = conn.incomingUnidirectionalStreams;
			return;
		}
		this.ready = conn.ready.catch((err: unknown) => {
			throw new TransportError(`QMux session failed to open: ${(err as Error).message}`, { cause: err });
		});
		this.closed = conn.closed;
		// A caller that only ever closes never awaits these; their rejections are not unhandled errors.
		this.ready.catch(() => {});
		let bidis!: ReadableStreamDefaultController<BidiStream>;
		let unis!: ReadableStreamDefaultController<ReadableStream<Uint8Array>>;
		this.incomingBidirectionalStreams = new ReadableStream({ start: (c) => void (bidis = c) });
		this.incomingUnidirectionalStreams = new ReadableStream({ start: (c) => void (unis = c) });
		conn.onIncoming = ({ recv, send }) => {
			if (send) bidis.enqueue({ readable: recv.readable, writable: writableOf(send) });
			else unis.enqueue(recv.readable);
		};
		const end = () => {
			bidis.error(conn.ended);
			unis.error(conn.ended);
		};
		conn.closed.then(end, end);
	}

	async createBidirectionalStream(options?: StreamOptions): Promise<BidiStream> {
		if (!(this.#conn instanceof QmuxConnection)) return this.#conn.createBidirectionalStream(options);
		const { send, recv } = await this.#conn.openBidi(options?.sendOrder ?? null);
		return { readable: recv.readable, writable: writableOf(send) };
	}

	async createUnidirectionalStream(options?: StreamOptions): Promise<SendStream> {
		if (!(this.#conn instanceof QmuxConnection)) return this.#conn.createUnidirectionalStream(options);
		return writableOf(await this.#conn.openUni(options?.sendOrder ?? null));
	}

	/** The relay's path for group streams: the connection's stream object itself. */
	createUnidirectionalWriter(options?: StreamOptions): Promise<StreamWriter> {
		if (!(this.#conn instanceof QmuxConnection)) return this.#conn.createUnidirectionalStream(options).then((s) => new ForeignWriter(s));
		return this.#conn.openUni(options?.sendOrder ?? null);
	}

	close(info: CloseInfo = {}): void {
		if (!(this.#conn instanceof QmuxConnection)) return this.#conn.close(info);
		this.#conn.close(info.closeCode ?? 0, info.reason ?? "");
	}
}

/** A foreign session's stream as a bare writer. */
class ForeignWriter implements StreamWriter {
	readonly #stream: SendStream;
	readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
	readonly closed: Promise<void>;
	constructor(stream: SendStream) {
		this.#stream = stream;
		this.#writer = stream.getWriter();
		this.closed = this.#writer.closed;
	}
	get desiredSize(): number | null {
		return this.#writer.desiredSize;
	}
	get ready(): Promise<void> {
		return this.#writer.ready;
	}
	get sendOrder(): number | null {
		return this.#stream.sendOrder ?? null;
	}
	set sendOrder(order: number | null) {
		this.#stream.sendOrder = order;
	}
	write(chunk: Uint8Array): Promise<void> {
		return this.#writer.write(chunk);
	}
	close(): Promise<void> {
		return this.#writer.close();
	}
	abort(reason?: unknown): Promise<void> {
		return this.#writer.abort(reason);
	}
}
