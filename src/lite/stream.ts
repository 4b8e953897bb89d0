// One received stream over the incremental Decoder, and one sent stream whose chunks are handed over, never
// reused. Both surface failures as typed errors (a peer reset is decoded into its typed error, `remote`).
import { Decoder, type Frame, type MessageKind, type MessageMap, type U62, type Version } from "../codec/index.js";
import { DecodeError } from "../error.js";
import { resetReason } from "../transport/reset.js";
import type { SendStream, StreamWriter } from "../transport/types.js";
import { streamError } from "./error.js";

const ignore = (): void => {};

export class Reader {
	readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
	readonly #decoder: Decoder;
	#fin = false;

	/** `maxMessage`: the largest control message accepted (bytes); default the codec's 64 KiB. */
	constructor(stream: ReadableStream<Uint8Array>, maxMessage?: number) {
		this.#reader = stream.getReader();
		this.#decoder = new Decoder(maxMessage === undefined ? {} : { maxMessage });
	}

	/** Queues the next chunk; false at FIN. */
	async #pull(): Promise<boolean> {
		if (this.#fin) return false;
		let r: ReadableStreamReadResult<Uint8Array>;
		try {
			r = await this.#reader.read();
		} catch (err) {
			throw streamError(err);
		}
		if (r.done) {
			this.#fin = true;
			return false;
		}
		this.#decoder.push(r.value);
		return true;
	}

	/** A bare varint (the stream type). */
	async varint(): Promise<U62> {
		for (;;) {
			const v = this.#decoder.varint();
			if (v !== undefined) return v;
			if (!(await this.#pull())) throw new DecodeError("stream ended before its type");
		}
	}

	/** The next message; a FIN before it is a DecodeError. */
	async message<K extends MessageKind>(kind: K, version: Version): Promise<MessageMap[K]> {
		const m = await this.maybeMessage(kind, version);
		if (m === undefined) throw new DecodeError(`stream ended before ${kind}`);
		return m;
	}

	/** The next message, or undefined at a FIN between messages; a FIN inside one is a DecodeError. */
	async maybeMessage<K extends MessageKind>(kind: K, version: Version): Promise<MessageMap[K] | undefined> {
		for (;;) {
			const m = this.#decoder.message(kind, version);
			if (m !== undefined) return m;
			if (!(await this.#pull())) {
				this.#decoder.finish();
				return undefined;
			}
		}
	}

	/** Every whole frame queued (at least one), or an empty list at a clean FIN. Payloads are views, not copies. */
	async frames(version: Version): Promise<Frame[]> {
		for (;;) {
			const f = this.#decoder.frames(version);
			if (f.length > 0) return f;
			if (!(await this.#pull())) {
				this.#decoder.finish();
				return [];
			}
		}
	}

	/** Resolves at FIN; anything but a FIN (bytes, a reset) rejects. */
	async end(): Promise<void> {
		while (await this.#pull());
		this.#decoder.finish();
	}

	/** STOP_SENDING with `code`. */
	stop(code: number): void {
		this.#reader.cancel(resetReason(code)).catch(ignore);
	}
}

export class Writer {
	/** Where the send order goes: the stream, or a bare writer that carries it. */
	readonly #stream: { sendOrder?: number | null };
	readonly #writer: WritableStreamDefaultWriter<Uint8Array> | StreamWriter;
	/** Settles when the stream ends; rejects (as a typed error) when it fails or the peer stops it. */
	readonly closed: Promise<void>;
	/** The transport gathers a turn's writes itself (StreamWriter.gathers): small chunks need no batching. */
	readonly gathers: boolean;

	/** Over a stream, or over a transport's bare writer (createUnidirectionalWriter). */
	constructor(stream: SendStream | StreamWriter) {
		const writer = "getWriter" in stream ? stream.getWriter() : stream;
		this.#stream = stream;
		this.#writer = writer;
		this.gathers = "gathers" in writer && writer.gathers === true;
		this.closed = this.#writer.closed.catch((err: unknown) => {
			throw streamError(err);
		});
		this.closed.catch(ignore);
	}

	set sendOrder(order: number) {
		this.#stream.sendOrder = order;
	}

	/** Hands `chunk` over; waits only while the stream pushes back. A failed stream rejects. */
	async write(chunk: Uint8Array): Promise<void> {
		const w = this.#writer;
		const room = w.desiredSize;
		if (room === null || room <= 0) {
			try {
				await w.ready;
			} catch (err) {
				throw streamError(err);
			}
		}
		// The failure of this write surfaces on the next write, on close() or on `closed`.
		w.write(chunk).catch(ignore);
	}

	/** write() without waiting: hands `chunk` over at once and returns true while the stream has room; false
	 * (nothing written) when the caller must await write(). Saves a promise per chunk on the relay's path. */
	offer(chunk: Uint8Array): boolean {
		const w = this.#writer;
		const room = w.desiredSize;
		if (room === null || room <= 0) return false;
		w.write(chunk).catch(ignore);
		return true;
	}

	/** FIN after everything written; resolves once the transport reports the stream closed (acknowledged,
	 * where it can tell). Callers that do not wait may ignore it. */
	close(): Promise<void> {
		return this.#writer.close().catch(ignore);
	}

	/** RESET_STREAM with `code`. */
	reset(code: number): void {
		this.#writer.abort(resetReason(code)).catch(ignore);
	}
}
