// Stream wrappers over @moq/qmux streams. They exist for two reasons: errors that are not stream resets (the
// session ended under the stream) are replaced by an error carrying a code (`fail`), as in the in-memory transport;
// and abort/cancel reasons are turned into a reset code with moqwire's `resetCode`, so a MoqError reason sends its
// wire code where @moq/qmux alone would send 0. Neither wrapper buffers: one chunk moves per read/write request.
import { resetCode, resetReason } from "../reset.js";
import type { BidiStream, SendStream } from "../types.js";

/** Maps a failure from @moq/qmux to the error moqwire surfaces. */
export type Fail = (err: unknown) => unknown;

/** The reason handed to @moq/qmux so the peer sees moqwire's code for `reason` (0 for a plain local failure). */
function wireReason(reason: unknown): Error {
	return resetReason(resetCode(reason) ?? 0);
}

/** `map` converts each chunk; the incoming-stream queues use it to wrap every stream they hand out. */
export function wrapReadable<I, O = I>(
	inner: ReadableStream<I>,
	fail: Fail,
	map: (value: I) => O = (value) => value as unknown as O,
): ReadableStream<O> {
	const reader = inner.getReader();
	return new ReadableStream<O>(
		{
			pull: async (c) => {
				try {
					const { value, done } = await reader.read();
					if (done) c.close();
					else c.enqueue(map(value));
				} catch (err) {
					c.error(fail(err));
				}
			},
			cancel: (reason) => reader.cancel(wireReason(reason)),
		},
		// No prefetch: @moq/qmux returns flow-control credit as chunks are read, so reading ahead would defeat it.
		{ highWaterMark: 0 },
	);
}

export function wrapWritable(inner: SendStream, fail: Fail): SendStream {
	const writer = inner.getWriter();
	const outer = new WritableStream<Uint8Array>({
		// STOP_SENDING or a session end errors the inner stream at any time; surface it without waiting for a write.
		start: (c) => void writer.closed.catch((err: unknown) => c.error(fail(err))),
		write: (chunk) => writer.write(chunk).catch((err: unknown) => Promise.reject(fail(err))),
		close: () => writer.close().catch((err: unknown) => Promise.reject(fail(err))),
		abort: (reason) => writer.abort(wireReason(reason)),
	}) as SendStream;
	Object.defineProperty(outer, "sendOrder", {
		enumerable: true,
		get: () => inner.sendOrder,
		set: (order: number | null) => void (inner.sendOrder = order),
	});
	return outer;
}

export function wrapBidi(inner: BidiStream, fail: Fail): BidiStream {
	return { readable: wrapReadable(inner.readable, fail), writable: wrapWritable(inner.writable, fail) };
}
