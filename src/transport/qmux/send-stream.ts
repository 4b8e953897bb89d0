// The sending half of a QMux stream, without a WritableStream: chunks are queued as handed over (never copied) and
// leave in the connection's next flush. It is the StreamWriter the session writes group streams through.
import { resetCode } from "../reset.js";
import type { StreamWriter } from "../types.js";

/** Bytes a stream may queue before `desiredSize` says wait: about a turn's worth of a busy stream. */
const HIGH_WATER = 64 * 1024;

const RESOLVED = Promise.resolve();
const ignore = (): void => {};

/** What a send stream needs from its connection. */
export interface SendHost {
	/** The stream has something to send (data or FIN) or its order changed. */
	wake(s: QmuxSendStream): void;
	/** RESET_STREAM for `s` with `code`; its queue is dropped. */
	reset(s: QmuxSendStream, code: number): void;
}

export class QmuxSendStream implements StreamWriter {
	readonly id: number;
	/** Bytes sent so far (the next STREAM frame's offset). */
	offset = 0;
	/** The peer's MAX_STREAM_DATA for this stream. */
	max: number;
	/** Chunks not yet sent; `head` is how much of chunks[0] already went. */
	readonly chunks: Uint8Array[] = [];
	head = 0;
	queued = 0;
	/** close() was called: FIN follows the last queued byte. */
	fin = false;
	/** FIN or RESET_STREAM went out, or the stream failed: nothing more is sent. */
	done = false;
	readonly gathers = true;
	/** Flush bookkeeping: the stream sits in the connection's send list. */
	listed = false;
	readonly closed: Promise<void>;
	#sendOrder: number | null;
	#error: unknown;
	#resolve!: () => void;
	#reject!: (err: unknown) => void;
	#waiters: (() => void)[] = [];
	readonly #host: SendHost;

	constructor(host: SendHost, id: number, max: number, sendOrder: number | null) {
		this.#host = host;
		this.id = id;
		this.max = max;
		this.#sendOrder = sendOrder;
		this.closed = new Promise<void>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		this.closed.catch(ignore);
	}

	get sendOrder(): number | null {
		return this.#sendOrder;
	}

	set sendOrder(order: number | null) {
		this.#sendOrder = order;
		if (this.queued > 0 || this.fin) this.#host.wake(this);
	}

	/** The order the scheduler ranks by: W3C sendOrder, higher first; none ranks as 0. */
	get rank(): number {
		return this.#sendOrder ?? 0;
	}

	get desiredSize(): number | null {
		if (this.#error !== undefined) return null;
		return HIGH_WATER - this.queued;
	}

	get ready(): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (this.queued < HIGH_WATER) return RESOLVED;
		return new Promise<void>((resolve) => this.#waiters.push(resolve));
	}

	write(chunk: Uint8Array): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (this.fin) return Promise.reject(new TypeError("write after close"));
		if (chunk.byteLength === 0) return RESOLVED;
		this.chunks.push(chunk);
		this.queued += chunk.byteLength;
		this.#host.wake(this);
		return RESOLVED;
	}

	/** FIN after what is queued; resolves once it is on the socket. */
	close(): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (!this.fin) {
			this.fin = true;
			this.#host.wake(this);
		}
		return this.closed;
	}

	/** RESET_STREAM with the reason's wire code (0 for a plain local failure). */
	abort(reason?: unknown): Promise<void> {
		if (this.done) return RESOLVED;
		this.#host.reset(this, resetCode(reason) ?? 0);
		this.fail(reason ?? new Error("stream aborted"));
		return RESOLVED;
	}

	/** `n` bytes of the queue went out. */
	sent(n: number): void {
		this.offset += n;
		this.queued -= n;
		if (this.#waiters.length > 0 && this.queued < HIGH_WATER) for (const w of this.#waiters.splice(0)) w();
	}

	/** The FIN went out. */
	finished(): void {
		this.done = true;
		this.#resolve();
	}

	/** The stream can send no more: a reset either way, a STOP_SENDING, or the session ended. */
	fail(err: unknown): void {
		if (this.#error !== undefined) return;
		this.#error = err;
		this.done = true;
		this.chunks.length = 0;
		this.queued = 0;
		this.#reject(err);
		for (const w of this.#waiters.splice(0)) w();
	}

	get failed(): boolean {
		return this.#error !== undefined;
	}
}
