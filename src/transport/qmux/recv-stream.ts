// The receiving half of a QMux stream: STREAM data queued in order until the application reads it, which is when
// the flow-control credit goes back to the peer. Exposed as a ReadableStream (the public, W3C-shaped side), built
// only when asked for; a lean reader takes the chunks straight instead (`take`), without a web stream.
import { resetCode, resetReason } from "../reset.js";
import { RecvWindow } from "./credit.js";
import { QmuxError, TransportCode } from "./errors.js";

/** What a receive stream needs from its connection. */
export interface RecvHost {
	/** The application consumed `n` bytes of `s`: credit to return. */
	consumed(s: QmuxRecvStream, n: number): void;
	/** STOP_SENDING for `s` with `code`. */
	stop(s: QmuxRecvStream, code: number): void;
	/** The receiving half is settled (see `settled`). */
	recvEnded(s: QmuxRecvStream): void;
}

/** Where a lean reader takes a stream's data: every chunk in order as it arrives (its credit returned at once),
 * then `end` once: without an error at the FIN, with the reset's reason or the session's error otherwise. */
export interface RecvSink {
	chunk(data: Uint8Array): void;
	end(err?: unknown): void;
}

/** The consumer of a stream: the ReadableStream's controller, or a lean sink. */
interface Out {
	enqueue(chunk: Uint8Array): void;
	close(): void;
	error(err: unknown): void;
}

export class QmuxRecvStream {
	readonly id: number;
	readonly window: RecvWindow;
	#readable: ReadableStream<Uint8Array> | undefined;
	#out: Out | undefined;
	/** Why the stream failed before anyone read it: the consumer that comes later gets it. */
	#failure: { err: unknown } | undefined;
	#chunks: Uint8Array[] = [];
	#finalSize = -1;
	#done = false;
	#pulling = false;
	readonly #host: RecvHost;

	constructor(host: RecvHost, id: number, window: number) {
		this.#host = host;
		this.id = id;
		this.window = new RecvWindow(window);
	}

	/** The W3C side: a ReadableStream of the data (cancel = STOP_SENDING with the reason's code). */
	get readable(): ReadableStream<Uint8Array> {
		if (this.#readable) return this.#readable;
		if (this.#out) throw new TypeError(`stream ${this.id} is taken by a lean reader`);
		this.#readable = new ReadableStream<Uint8Array>(
			{
				start: (c) => {
					this.#out = c;
					if (this.#failure) c.error(this.#failure.err);
				},
				pull: () => this.#pull(),
				cancel: (reason) => this.#cancel(reason),
			},
			{ highWaterMark: 0 },
		);
		return this.#readable;
	}

	/** The lean side: the data goes to `sink` as it arrives, no web stream in between. Once per stream, and not
	 * with `readable`. */
	take(sink: RecvSink): void {
		if (this.#out) throw new TypeError(`stream ${this.id} already has a reader`);
		// Always wanting more: every chunk is delivered, and credited, the moment it arrives.
		const enqueue = (c: Uint8Array): void => {
			this.#pulling = true;
			sink.chunk(c);
		};
		this.#out = { enqueue, close: () => sink.end(), error: (err) => sink.end(err) };
		if (this.#failure) return sink.end(this.#failure.err);
		this.#pull();
	}

	/** STOP_SENDING with `code` (the lean reader's cancel): what is unread is dropped and credited. */
	stop(code: number): void {
		this.#cancel(resetReason(code));
	}

	get done(): boolean {
		return this.#done;
	}

	/** The peer can send nothing more: every byte up to the FIN arrived, or the stream ended. What is unread may
	 * still be read; the stream no longer counts against the peer's stream limit. */
	get settled(): boolean {
		return this.#done || (this.#finalSize >= 0 && this.window.received === this.#finalSize);
	}

	/** A STREAM frame's data; `offset` -1 is the legacy binding's (no offsets). Returns how many bytes were new
	 * (the connection's flow control counts them); throws on the peer's violation. */
	data(offset: number, data: Uint8Array, fin: boolean): number {
		const w = this.window;
		const before = w.received;
		const at = offset < 0 ? before : offset;
		const end = at + data.byteLength;
		if (this.#finalSize >= 0 && (end > this.#finalSize || (fin && end !== this.#finalSize)))
			throw new QmuxError(TransportCode.FinalSize, `stream ${this.id}: data beyond its final size`);
		if (fin && end < before) throw new QmuxError(TransportCode.FinalSize, `stream ${this.id}: final size below data received`);
		w.receive(end, `stream ${this.id}`);
		if (at > before) throw new QmuxError(TransportCode.ProtocolViolation, `stream ${this.id}: gap in stream data`);
		if (fin) this.#finalSize = end;
		if (fin && end === w.received) this.#host.recvEnded(this);
		// Bytes already received (a retransmission, which a reliable carrier never needs) are skipped.
		const fresh = Math.max(0, end - before);
		if (this.#done) return fresh;
		if (fresh > 0) this.#chunks.push(fresh === data.byteLength ? data : data.subarray(data.byteLength - fresh));
		this.#deliver();
		return fresh;
	}

	/** RESET_STREAM from the peer; returns the bytes the final size adds to what was received. */
	reset(code: number, finalSize: number): number {
		const w = this.window;
		const before = w.received;
		if (finalSize >= 0) {
			if (finalSize < before || (this.#finalSize >= 0 && finalSize !== this.#finalSize))
				throw new QmuxError(TransportCode.FinalSize, `stream ${this.id}: reset with a different final size`);
			w.receive(finalSize, `stream ${this.id}`);
		}
		if (!this.#done) {
			this.#finish();
			this.#error(resetReason(code));
		}
		return Math.max(0, finalSize - before);
	}

	/** The session ended under the stream. */
	fail(err: unknown): void {
		if (this.#done) return;
		this.#finish();
		this.#error(err);
	}

	#error(err: unknown): void {
		if (this.#out) this.#out.error(err);
		else this.#failure = { err };
	}

	/** Bytes queued and not yet read (credited back when the stream is dropped unread). */
	get unread(): number {
		let n = 0;
		for (const c of this.#chunks) n += c.byteLength;
		return n;
	}

	#pull(): void {
		this.#pulling = true;
		this.#deliver();
	}

	#deliver(): void {
		if (!this.#pulling || this.#done) return;
		// One chunk per pull for the ReadableStream; a lean sink is re-marked pulling by each chunk it takes.
		for (;;) {
			const chunk = this.#chunks.shift();
			if (chunk === undefined) break;
			this.#pulling = false;
			this.#out!.enqueue(chunk);
			this.#host.consumed(this, chunk.byteLength);
			if (!this.#pulling || this.#done) break;
		}
		if (!this.#done && this.#chunks.length === 0 && this.#finalSize >= 0 && this.window.received === this.#finalSize) {
			this.#finish();
			this.#out!.close();
		}
	}

	#cancel(reason: unknown): void {
		if (this.#done) return;
		const unread = this.unread;
		this.#finish();
		if (unread > 0) this.#host.consumed(this, unread);
		this.#host.stop(this, resetCode(reason) ?? 0);
	}

	#finish(): void {
		this.#done = true;
		this.#chunks = [];
		this.#host.recvEnded(this);
	}
}
