// Pull-style reading of an incoming QUIC stream: varints and exact byte counts across chunk boundaries, for the
// HTTP/3 framing that precedes (or surrounds) application data.
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { forwardReadable } from "../forward.js";
import { readVarint } from "./varint.js";

export class StreamReader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	#buffer: Uint8Array = new Uint8Array(0);

	/** Takes the DOM or the node:stream/web typing (@matrixai/quic's streams are the latter; they are one class). */
	constructor(readable: ReadableStream<Uint8Array> | NodeReadableStream<Uint8Array>) {
		this.#reader = (readable as ReadableStream<Uint8Array>).getReader();
	}

	/** Appends the next chunk; false at FIN. */
	async #fill(): Promise<boolean> {
		const { value, done } = await this.#reader.read();
		if (done) return false;
		this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, value]) : value;
		return true;
	}

	/** The next varint; undefined at a clean FIN before it. Throws on a FIN inside it. */
	async varint(): Promise<number | undefined> {
		for (;;) {
			const got = readVarint(this.#buffer, 0);
			if (got) {
				this.#buffer = this.#buffer.subarray(got[1]);
				return got[0];
			}
			if (!(await this.#fill())) {
				if (this.#buffer.length === 0) return undefined;
				throw new RangeError("stream ended inside a varint");
			}
		}
	}

	/** Exactly `n` bytes. Throws on a FIN before them. */
	async bytes(n: number): Promise<Uint8Array> {
		while (this.#buffer.length < n) if (!(await this.#fill())) throw new RangeError("stream ended inside a frame");
		const out = this.#buffer.subarray(0, n);
		this.#buffer = this.#buffer.subarray(n);
		return out;
	}

	/**
	 * Hands the rest of the stream on as a ReadableStream: bytes already buffered first, then every chunk as it
	 * arrives (no prefetch). `fail` maps the underlying stream's errors, `cancelReason` the reason a consumer
	 * cancels with before it reaches the underlying stream.
	 */
	rest(fail: (err: unknown) => unknown, cancelReason: (reason: unknown) => unknown): ReadableStream<Uint8Array> {
		const first = this.#buffer.length ? this.#buffer : undefined;
		this.#buffer = new Uint8Array(0);
		return forwardReadable<Uint8Array>(this.#reader, fail, cancelReason, undefined, first);
	}

	/** Reads and discards everything up to FIN. */
	async drain(): Promise<void> {
		this.#buffer = new Uint8Array(0);
		while (!(await this.#reader.read()).done);
	}

	/** Stops reading (STOP_SENDING with the reason's code). */
	cancel(reason?: unknown): Promise<void> {
		return this.#reader.cancel(reason);
	}
}
