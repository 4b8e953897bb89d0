// A live QUIC connection from @matrixai/quic, either side, reduced to what the HTTP/3 and raw-QUIC layers use:
// its ALPN, incoming and outgoing streams, datagrams, and its end.
import { events, type QUICConnection, type QUICStream } from "@matrixai/quic";
import { datagramSinks, internals } from "./fixes.js";

/** A live QUIC connection, either side. */
export class Link {
	readonly connection: QUICConnection;
	/** The negotiated ALPN. */
	readonly alpn: string;
	/** Fulfills once the connection is gone: with the application close code and reason when either side closed it
	 * with one, undefined when it was lost (idle timeout, transport error). */
	readonly closed: Promise<{ code: number; reason: string } | undefined>;
	/** Fulfills once everything the connection held is let go: after `closed`, and after its own UDP socket (a dialed
	 * connection has one) is stopped. The signal for "no handle of this connection is left". */
	readonly released: Promise<void>;
	#onStream: ((stream: QUICStream) => void) | undefined;
	#early: QUICStream[] = [];
	#onDatagram: ((data: Uint8Array) => void) | undefined;
	readonly #stop: (code: number, reason: string) => Promise<void>;

	/** `release` frees what the connection alone holds (a dialed connection's socket) once it is gone. */
	constructor(connection: QUICConnection, stop: (code: number, reason: string) => Promise<void>, release?: () => Promise<void>) {
		this.connection = connection;
		this.#stop = stop;
		this.alpn = Buffer.from(internals(connection).conn.applicationProto()).toString("latin1");
		connection.addEventListener(events.EventQUICConnectionStream.name, (evt) => {
			const stream = (evt as events.EventQUICConnectionStream).detail;
			if (this.#onStream) this.#onStream(stream);
			else this.#early.push(stream);
		});
		this.closed = connection.closedP.then(() => {
			const error = internals(connection).conn.peerError() ?? connection.getConnectionError();
			return error?.isApp ? { code: error.errorCode, reason: Buffer.from(error.reason).toString("utf8") } : undefined;
		});
		this.released = this.closed.then(() => release?.()).catch(() => {});
		datagramSinks.set(connection, (d) => this.#onDatagram?.(d));
	}

	/** Receives every stream the peer opens, including any that arrived before this was set. */
	onStream(handler: (stream: QUICStream) => void): void {
		this.#onStream = handler;
		for (const s of this.#early.splice(0)) handler(s);
	}

	/** quiche's scheduling level for a stream: 0 is sent first, 7 last; same level round-robin. */
	setUrgency(stream: QUICStream, urgency: number): void {
		try {
			internals(this.connection).conn.streamPriority(stream.streamId, urgency, true);
		} catch {
			// the stream is already gone
		}
	}

	openStream(type: "bidi" | "uni"): QUICStream {
		return this.connection.newStream(type);
	}

	onDatagram(handler: (data: Uint8Array) => void): void {
		this.#onDatagram = handler;
	}

	/** The largest datagram the peer accepts now (0 when it takes none). */
	get maxDatagramSize(): number {
		return internals(this.connection).conn.dgramMaxWritableLen() ?? 0;
	}

	/** Best effort, like QUIC datagrams themselves: dropped when too large or when the send queue is full. */
	sendDatagram(data: Uint8Array): void {
		try {
			internals(this.connection).conn.dgramSend(data);
		} catch {
			return;
		}
		void internals(this.connection).send().catch(() => {});
	}

	/** Closes with an application error code; resolves once the connection is gone. */
	close(code = 0, reason = ""): Promise<void> {
		return this.#stop(code, reason);
	}
}
