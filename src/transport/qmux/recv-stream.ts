// The receiving half of a QMux stream: STREAM data queued in order until the application reads it, which is when
// the flow-control credit goes back to the peer. Exposed as a ReadableStream (the public, W3C-shaped side).
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

export class QmuxRecvStream {
	readonly id: number;
	readonly window: RecvWindow;
	readonly readable: ReadableStream<Uint8Array>;
	#chunks: Uint8Array[] = [];
	#finalSize = -1;
	#done = false;
	#controller!: ReadableStreamDefaultController<Uint8Array>;
	#pulling = false;
	readonly #host: RecvHost;

	constructor(host: RecvHost, id: number, window: number) {
		this.#host = host;
		this.id = id;
		this.window = new RecvWindow(window);
		this.readable = new ReadableStream<Uint8Array>(
			{
				start: (c) => void (this.#controller = c),
				pull: () => this.#pull(),
				cancel: (reason) => this.#cancel(reason),
			},
			{ highWaterMark: 0 },
		);
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
			this.#controller.error(resetReason(code));
		}
		return Math.max(0, finalSize - before);
	}

	/** The session ended under the stream. */
	fail(err: unknown): void {
		if (this.#done) return;
		this.#finish();
		this.#controller.error(err);
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
		const chunk = this.#chunks.shift();
		if (chunk !== undefined) {
			this.#pulling = false;
			this.#controller.enqueue(chunk);
			this.#host.consumed(this, chunk.byteLength);
		}
		if (this.#chunks.length === 0 && this.#finalSize >= 0 && this.window.received === this.#finalSize) {
			this.#finish();
			this.#controller.close();
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
