// One HTTP/3 connection carrying WebTransport sessions, either side (RFC 9114 §6, draft-ietf-webtrans-http3 §4).
// It sends our SETTINGS, reads the peer's control stream, drains its QPACK streams (our table capacity is 0, so they
// carry nothing we need, but they must stay open), and routes every other stream: WebTransport streams to their
// session, request streams (server side) to `onRequest`, anything else is refused. A WebTransport stream can arrive
// before its session is established here (the server's first stream racing the CONNECT response on another QUIC
// stream): up to MAX_BUFFERED such streams wait for the session (draft-ietf-webtrans-http3 §4.6) instead of being
// refused, which made moq-relay end moq-lite-03/04 sessions whose ANNOUNCE_PLEASE won that race.
import type { QUICStream } from "@matrixai/quic";
import { TransportError } from "../../../error.js";
import type { Link } from "../link.js";
import { StreamReader } from "../reader.js";
import { WireCode } from "../streams.js";
import type { QuicTransport } from "../transport.js";
import { concat, readVarint } from "../varint.js";
import { Frame, H3Error, isGrease, readFrame, UniStream, WEBTRANSPORT_BIDI } from "./frames.js";
import { decodeSettings, settingsFrame, type Settings } from "./settings.js";

/** WT_BUFFERED_STREAM_REJECTED: a WebTransport stream for a session we do not have (and cannot buffer). */
const BUFFERED_STREAM_REJECTED = 0x3994bd84;
/** Streams held per connection for sessions not established yet; more are refused. */
const MAX_BUFFERED = 32;

/** Hands a held stream to its session once it exists. */
type Delivery = (session: QuicTransport) => void;

/** A request stream (server side): its HEADERS frame payload is read, `reader` is positioned after it. */
export type RequestHandler = (h3: H3Connection, stream: QUICStream, reader: StreamReader, headersPayload: Uint8Array) => void;

export class H3Connection {
	readonly link: Link;
	/** The peer's SETTINGS; rejects when its control stream is malformed or the connection ends first. */
	readonly settings: Promise<Settings>;
	readonly #sessions = new Map<number, QuicTransport>();
	readonly #onRequest: RequestHandler | undefined;
	/** Streams that arrived before their session, by session id, in arrival order. */
	readonly #early = new Map<number, Delivery[]>();
	#buffered = 0;
	#down = false;
	#gotSettings!: (s: Settings) => void;
	#noSettings!: (err: Error) => void;

	constructor(link: Link, onRequest?: RequestHandler) {
		this.link = link;
		this.#onRequest = onRequest;
		this.settings = new Promise((resolve, reject) => {
			this.#gotSettings = resolve;
			this.#noSettings = reject;
		});
		this.settings.catch(() => {});
		void link.closed.then(() => {
			this.#down = true;
			this.#noSettings(new TransportError("connection closed before HTTP/3 SETTINGS"));
			for (const session of this.#sessions.values()) session.end(new TransportError("QUIC connection closed"));
		});
		// Our control stream stays open for the life of the connection: closing it is a connection error. It goes
		// before every application stream (./priority.ts leaves urgency 0 to HTTP/3).
		const control = link.openStream("uni");
		link.setUrgency(control, 0);
		control.writable.getWriter().write(concat(UniStream.Control, settingsFrame(true))).catch(() => {});
		link.onStream((stream) => void this.#route(stream).catch(() => stream.cancel(new WireCode(H3Error.Frame))));
		link.onDatagram((d) => this.#datagram(d));
	}

	/** Routes this connection's WebTransport streams and datagrams for `id` (its CONNECT stream id) to `session`. */
	register(id: number, session: QuicTransport): void {
		this.#sessions.set(id, session);
		void session.closed.finally(() => this.#sessions.delete(id)).catch(() => {});
		const early = this.#early.get(id);
		if (!early) return;
		this.#early.delete(id);
		this.#buffered -= early.length;
		for (const deliver of early) deliver(session);
	}

	/** Delivers to session `id`, holds the delivery until it is registered, or refuses the stream with `reject`. */
	#toSession(id: number | undefined, deliver: Delivery, reject: () => unknown): void {
		const session = this.#sessions.get(id ?? -1);
		if (session) return deliver(session);
		if (id === undefined || this.#buffered >= MAX_BUFFERED) return void reject();
		this.#buffered++;
		const held = this.#early.get(id) ?? [];
		held.push(deliver);
		this.#early.set(id, held);
	}

	/** Closes the whole connection with an HTTP/3 error code. */
	fail(code: number, reason: string): Promise<void> {
		return this.link.close(code, reason);
	}

	async #route(stream: QUICStream): Promise<void> {
		const reader = new StreamReader(stream.readable);
		const type = await reader.varint();
		if (type === undefined) return;
		if (stream.type === "uni") return this.#uni(type, reader);
		if (type === WEBTRANSPORT_BIDI) {
			this.#toSession(
				await reader.varint(),
				(session) => session.deliverBidi(stream, reader),
				() => stream.cancel(new WireCode(BUFFERED_STREAM_REJECTED)),
			);
		} else if (type === Frame.Headers && this.#onRequest) {
			const size = await reader.varint();
			this.#onRequest(this, stream, reader, await reader.bytes(size ?? 0));
		} else stream.cancel(new WireCode(H3Error.RequestRejected));
	}

	async #uni(type: number, reader: StreamReader): Promise<void> {
		switch (type) {
			case UniStream.Control:
				return this.#control(reader);
			case UniStream.QpackEncoder:
			case UniStream.QpackDecoder:
				return reader.drain();
			case UniStream.WebTransport:
				return this.#toSession(
					await reader.varint(),
					(session) => session.deliverUni(reader),
					() => reader.cancel(new WireCode(BUFFERED_STREAM_REJECTED)).catch(() => {}),
				);
			default:
				// Push streams (we never allow any), reserved types and extensions we do not speak.
				await reader.cancel(new WireCode(isGrease(type) ? H3Error.NoError : H3Error.StreamCreation));
		}
	}

	async #control(reader: StreamReader): Promise<void> {
		try {
			const first = await readFrame(reader);
			if (first?.type !== Frame.Settings) throw new RangeError("control stream does not start with SETTINGS");
			this.#gotSettings(decodeSettings(first.payload));
			// Later frames (GOAWAY, reserved types) need no action from a WebTransport endpoint.
			while (await readFrame(reader));
			throw new RangeError("peer closed its control stream");
		} catch (err) {
			this.#noSettings(new TransportError("HTTP/3 control stream failed", { cause: err }));
			if (!this.#down) await this.fail(H3Error.ClosedCriticalStream, (err as Error).message);
		}
	}

	/** An HTTP/3 datagram: quarter stream id of the session, then the payload (RFC 9297 §2.1). */
	#datagram(data: Uint8Array): void {
		const id = readVarint(data, 0);
		if (!id) return;
		this.#sessions.get(id[0] * 4)?.deliverDatagram(data.subarray(id[1]));
	}
}
