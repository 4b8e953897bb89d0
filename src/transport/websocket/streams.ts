// Stream wrappers over @moq/qmux streams. They exist for two reasons: errors that are not stream resets (the
// session ended under the stream) are replaced by an error carrying a code (`fail`), as in the in-memory transport;
// and abort/cancel reasons are turned into a reset code with moqwire's `resetCode`, so a MoqError reason sends its
// wire code where @moq/qmux alone would send 0. Neither wrapper buffers: one chunk moves per read/write request.
import { defineSendOrder, forwardReadable, forwardWritable } from "../forward.js";
import { resetCode, resetReason } from "../reset.js";
import type { BidiStream, SendStream, StreamWriter } from "../types.js";

/** Maps a failure from @moq/qmux to the error moqwire surfaces. */
export type Fail = (err: unknown) => unknown;

/** The reason handed to @moq/qmux so the peer sees moqwire's code for `reason` (0 for a plain local failure). */
function wireReason(reason: unknown): Error {
	return resetReason(resetCode(reason) ?? 0);
}

/** `map` converts each chunk; the incoming-stream queues use it to wrap every stream they hand out. */
export function wrapReadable<I, O = I>(inner: ReadableStream<I>, fail: Fail, map?: (value: I) => O): ReadableStream<O> {
	return forwardReadable(inner.getReader(), fail, wireReason, map as ((value: unknown) => O) | undefined);
}

export function wrapWritable(inner: SendStream, fail: Fail): SendStream {
	const apply = (order: number | null) => void (inner.sendOrder = order);
	return defineSendOrder(forwardWritable(inner.getWriter(), fail, wireReason), apply, inner.sendOrder ?? null);
}

export function wrapBidi(inner: BidiStream, fail: Fail): BidiStream {
	return { readable: wrapReadable(inner.readable, fail), writable: wrapWritable(inner.writable, fail) };
}

/** The writer of @moq/qmux's own stream, failures mapped as wrapWritable does, without a second WritableStream. */
export class QmuxWriter implements StreamWriter {
	readonly #inner: SendStream;
	readonly #writer: WritableStreamDefaultWriter<Uint8Array>;
	readonly #reject: (err: unknown) => Promise<never>;
	readonly closed: Promise<void>;

	constructor(inner: SendStream, fail: Fail) {
		this.#inner = inner;
		this.#writer = inner.getWriter();
		this.#reject = (err) => Promise.reject(fail(err));
		this.closed = this.#writer.closed.catch(this.#reject);
		this.closed.catch(() => {});
	}

	get desiredSize(): number | null {
		return this.#writer.desiredSize;
	}

	get ready(): Promise<void> {
		return this.#writer.ready.catch(this.#reject);
	}

	get sendOrder(): number | null {
		return this.#inner.sendOrder ?? null;
	}

	set sendOrder(order: number | null) {
		this.#inner.sendOrder = order;
	}

	write(chunk: Uint8Array): Promise<void> {
		return this.#writer.write(chunk).catch(this.#reject);
	}

	close(): Promise<void> {
		return this.#writer.close().catch(this.#reject);
	}

	abort(reason?: unknown): Promise<void> {
		return this.#writer.abort(wireReason(reason));
	}
}
