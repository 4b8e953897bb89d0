// A moqwire Transport over one @moq/qmux Session (QMux over a WebSocket), client or server side.
import type Session from "@moq/qmux";
import { TransportError } from "../../error.js";
import { resetCode, resetReason } from "../reset.js";
import type { BidiStream, CloseInfo, SendStream, StreamOptions, StreamWriter, Transport } from "../types.js";
import { QmuxWriter, wrapBidi, wrapReadable, wrapWritable } from "./streams.js";

/** QMux settings for every session we run. */
export const QMUX_CONFIG = {
	// Datagrams are never carried on the WebSocket binding (spec §1.3): advertise none, so a peer cannot send any.
	maxDatagramFrameSize: 0n,
};

/** Has no `datagrams`: the WebSocket binding carries none. */
export class WebSocketTransport implements Transport {
	/** The moq ALPN, e.g. "moq-lite-05" (the QMux prefix stripped); "" when none was negotiated. */
	readonly protocol: string;
	readonly ready: Promise<void>;
	/** Fulfills with the close code and reason on a graceful close by either side; rejects with a TransportError
	 * when the socket dropped, idled out or the peer broke the protocol. */
	readonly closed: Promise<CloseInfo>;
	readonly incomingBidirectionalStreams: ReadableStream<BidiStream>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;

	readonly #session: Session;
	/** Why the session ended: what streams still open then fail with. */
	#ended: Error | undefined;

	constructor(session: Session, protocol: string) {
		this.#session = session;
		this.protocol = protocol;
		this.ready = session.ready.catch((err: unknown) => {
			throw new TransportError("QMux session failed to open", { cause: err });
		});
		// @moq/qmux settles `closed` before it errors the streams, so #ended is set before any stream sees the end.
		this.closed = session.closed.then(
			(info) => {
				const closeCode = info.closeCode ?? 0;
				this.#ended ??= resetReason(closeCode);
				return { closeCode, reason: info.reason ?? "" };
			},
			(err: unknown) => {
				this.#ended ??= new TransportError("QMux session dropped", { cause: err });
				throw this.#ended;
			},
		);
		// A caller that only ever closes never awaits these; their rejections are not unhandled errors.
		this.ready.catch(() => {});
		this.closed.catch(() => {});
		this.incomingBidirectionalStreams = wrapReadable(session.incomingBidirectionalStreams, this.#fail, (s) =>
			wrapBidi(s as BidiStream, this.#fail),
		);
		this.incomingUnidirectionalStreams = wrapReadable(session.incomingUnidirectionalStreams, this.#fail, (s) =>
			wrapReadable(s, this.#fail),
		);
	}

	async createBidirectionalStream(options?: StreamOptions): Promise<BidiStream> {
		const inner = await this.#session.createBidirectionalStream(options).catch((err: unknown) => Promise.reject(this.#fail(err)));
		return wrapBidi(inner as BidiStream, this.#fail);
	}

	async createUnidirectionalStream(options?: StreamOptions): Promise<SendStream> {
		return wrapWritable(await this.#openUni(options), this.#fail);
	}

	/** The relay's path for group streams: @moq/qmux's stream written directly. */
	async createUnidirectionalWriter(options?: StreamOptions): Promise<StreamWriter> {
		return new QmuxWriter(await this.#openUni(options), this.#fail);
	}

	#openUni(options?: StreamOptions): Promise<SendStream> {
		return this.#session.createUnidirectionalStream(options).then(
			(inner) => inner as SendStream,
			(err: unknown) => Promise.reject(this.#fail(err)),
		);
	}

	close(info: CloseInfo = {}): void {
		const closeCode = info.closeCode ?? 0;
		this.#ended ??= resetReason(closeCode);
		this.#session.close({ closeCode, reason: info.reason ?? "" });
	}

	/** A stream reset keeps its code; anything else means the session ended under the stream. */
	readonly #fail = (err: unknown): unknown =>
		resetCode(err) !== undefined ? err : (this.#ended ?? new TransportError("QMux stream failed", { cause: err }));
}
