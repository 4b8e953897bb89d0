// The moqwire Transport over one QUIC connection: either a WebTransport session inside HTTP/3 (./h3/session.ts
// supplies the framing) or the bare connection with a moq ALPN (raw QUIC). The differences are gathered in a
// Binding; streams, queues, datagrams and the end of the session are handled here once.
import type { QUICStream } from "@matrixai/quic";
import { TransportError } from "../../error.js";
import { resetReason } from "../reset.js";
import type { BidiStream, CloseInfo, DatagramDuplex, SendStream, StreamOptions, Transport } from "../types.js";
import type { Link } from "./link.js";
import { SendOrders } from "./priority.js";
import { StreamReader } from "./reader.js";
import { failer, incoming, outgoing, type Codes } from "./streams.js";

/** What differs between WebTransport-over-HTTP/3 and raw QUIC. */
export interface Binding {
	readonly codes: Codes;
	/** Written at the start of every bidirectional / unidirectional stream we open. */
	readonly bidiHeader?: Uint8Array;
	readonly uniHeader?: Uint8Array;
	/** Written before every datagram payload (the quarter stream id). */
	readonly datagramHeader?: Uint8Array;
	/** Ends the session with this code and reason, as the binding's wire protocol says to. */
	close(info: Required<CloseInfo>): Promise<void>;
}

export class QuicTransport implements Transport {
	/** The negotiated moq protocol: the WebTransport subprotocol, or the ALPN on raw QUIC. "" when none. */
	readonly protocol: string;
	readonly ready: Promise<void> = Promise.resolve();
	/** Fulfills with the close code and reason when either side closed the session; rejects with a TransportError
	 * when the connection was lost without one. */
	readonly closed: Promise<CloseInfo>;
	readonly incomingBidirectionalStreams: ReadableStream<BidiStream>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	readonly datagrams: DatagramDuplex;
	/** The QUIC connection underneath, for the layer that owns it. */
	readonly link: Link;

	readonly #binding: Binding;
	readonly #orders: SendOrders;
	readonly #fail: (err: unknown) => unknown;
	#bidi!: ReadableStreamDefaultController<BidiStream>;
	#uni!: ReadableStreamDefaultController<ReadableStream<Uint8Array>>;
	#datagramIn!: ReadableStreamDefaultController<Uint8Array>;
	#settle!: (info: CloseInfo | Error) => void;
	/** Why the session ended: what streams still open then fail with. */
	#ended: Error | undefined;

	constructor(link: Link, protocol: string, binding: Binding) {
		this.link = link;
		this.protocol = protocol;
		this.#binding = binding;
		this.#orders = new SendOrders(link);
		this.#fail = failer(binding.codes, () => this.#ended ?? new TransportError("QUIC stream failed"));
		this.closed = new Promise<CloseInfo>((resolve, reject) => {
			this.#settle = (info) => (info instanceof Error ? reject(info) : resolve(info));
		});
		this.closed.catch(() => {});
		this.incomingBidirectionalStreams = new ReadableStream({ start: (c) => void (this.#bidi = c) });
		this.incomingUnidirectionalStreams = new ReadableStream({ start: (c) => void (this.#uni = c) });
		const header = binding.datagramHeader ?? new Uint8Array(0);
		this.datagrams = {
			readable: new ReadableStream<Uint8Array>({ start: (c) => void (this.#datagramIn = c) }),
			writable: new WritableStream<Uint8Array>({
				write: (chunk) => {
					if (this.#ended) return;
					// quiche copies what it queues, so raw QUIC (no header) hands the chunk over as it is.
					if (!header.length) return link.sendDatagram(chunk);
					const packet = new Uint8Array(header.length + chunk.byteLength);
					packet.set(header);
					packet.set(chunk, header.length);
					link.sendDatagram(packet);
				},
			}),
			get maxDatagramSize() {
				return Math.max(0, link.maxDatagramSize - header.length);
			},
		};
	}

	/** A bidirectional stream the peer opened; `reader` is positioned after its header. */
	deliverBidi(stream: QUICStream, reader: StreamReader): void {
		if (this.#ended) return;
		const { codes } = this.#binding;
		this.#bidi.enqueue({
			readable: incoming(reader, codes, this.#fail),
			writable: outgoing(stream.writable, codes, this.#fail, this.#orders.slot(stream)),
		});
	}

	deliverUni(reader: StreamReader): void {
		if (this.#ended) return;
		this.#uni.enqueue(incoming(reader, this.#binding.codes, this.#fail));
	}

	deliverDatagram(payload: Uint8Array): void {
		if (this.#ended) return;
		this.#datagramIn.enqueue(payload);
	}

	async createBidirectionalStream(options?: StreamOptions): Promise<BidiStream> {
		const stream = this.#open("bidi");
		const { codes, bidiHeader } = this.#binding;
		const writable = outgoing(stream.writable, codes, this.#fail, this.#orders.slot(stream), bidiHeader);
		writable.sendOrder = options?.sendOrder ?? null;
		return { readable: incoming(new StreamReader(stream.readable), codes, this.#fail), writable };
	}

	async createUnidirectionalStream(options?: StreamOptions): Promise<SendStream> {
		const stream = this.#open("uni");
		const writable = outgoing(stream.writable, this.#binding.codes, this.#fail, this.#orders.slot(stream), this.#binding.uniHeader);
		writable.sendOrder = options?.sendOrder ?? null;
		return writable;
	}

	#open(type: "bidi" | "uni"): QUICStream {
		if (this.#ended) throw this.#ended;
		try {
			return this.link.openStream(type);
		} catch (err) {
			throw new TransportError("cannot open a QUIC stream", { cause: err });
		}
	}

	close(info: CloseInfo = {}): void {
		if (this.#ended) return;
		const full = { closeCode: info.closeCode ?? 0, reason: info.reason ?? "" };
		this.end(full);
		void this.#binding.close(full).catch(() => {});
	}

	/**
	 * The session is over: `info` from a close by either side, or the error that took the connection down. As in
	 * W3C WebTransport, a close ends the incoming queues and a failure errors them; streams still open fail either way.
	 */
	end(info: Required<CloseInfo> | Error): void {
		if (this.#ended) return;
		this.#ended = info instanceof Error ? info : resetReason(info.closeCode);
		for (const c of [this.#bidi, this.#uni, this.#datagramIn]) {
			try {
				if (info instanceof Error) c.error(info);
				else c.close();
			} catch {
				// already closed
			}
		}
		this.#settle(info);
	}
}
