// Stream wrappers shared by the adapters over library streams (QMux, QUIC): each forwards one chunk per
// read/write request (no buffering, no prefetch: the libraries return flow-control credit as chunks are read),
// maps the library's failures with `fail` and turns a consumer's abort/cancel reason into the library's with `reason`.
import type { SendStream } from "./types.js";

/** The readable side over `reader`; `first` (bytes read ahead while parsing a header) comes before the rest. */
export function forwardReadable<O>(
	reader: ReadableStreamDefaultReader<unknown>,
	fail: (err: unknown) => unknown,
	reason: (cancelReason: unknown) => unknown,
	map: (value: unknown) => O = (value) => value as O,
	first?: O,
): ReadableStream<O> {
	let pending = first;
	return new ReadableStream<O>(
		{
			pull: async (c) => {
				if (pending !== undefined) {
					c.enqueue(pending);
					pending = undefined;
					return;
				}
				try {
					const { value, done } = await reader.read();
					if (done) c.close();
					else c.enqueue(map(value));
				} catch (err) {
					c.error(fail(err));
				}
			},
			cancel: (cancelReason) => reader.cancel(reason(cancelReason)),
		},
		{ highWaterMark: 0 },
	);
}

/** The writable side over `writer`; `copy` hands the library a copy of each chunk (see ./quic/streams.ts). */
export function forwardWritable(
	writer: WritableStreamDefaultWriter<Uint8Array>,
	fail: (err: unknown) => unknown,
	reason: (abortReason: unknown) => unknown,
	copy = false,
): SendStream {
	const reject = (err: unknown) => Promise.reject(fail(err));
	return new WritableStream<Uint8Array>({
		// STOP_SENDING or the end of the session errors the inner stream at any time; surface it without a write.
		start: (c) => void writer.closed.catch((err: unknown) => c.error(fail(err))),
		write: (chunk) => writer.write(copy ? chunk.slice() : chunk).catch(reject),
		close: () => writer.close().catch(reject),
		abort: (abortReason) => writer.abort(reason(abortReason)),
	}) as SendStream;
}

/** Gives `stream` a W3C `sendOrder` property whose every assignment is passed to `apply` (the library's priority). */
export function defineSendOrder(stream: SendStream, apply: (order: number | null) => void, initial: number | null = null): SendStream {
	let order = initial;
	Object.defineProperty(stream, "sendOrder", {
		enumerable: true,
		get: () => order,
		set: (value: number | null) => {
			order = value;
			apply(value);
		},
	});
	return stream;
}
