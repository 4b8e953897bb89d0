// The public, W3C-shaped side of our QMux streams: a WritableStream over the lean send stream (the receiving half
// is already a ReadableStream). Errors arrive mapped by the connection: a reset carries its code, the end of the
// session its close code or a TransportError; an abort/cancel reason's code goes on the wire (reset.ts).
import { defineSendOrder } from "../forward.js";
import type { QmuxSendStream } from "../qmux/send-stream.js";
import type { SendStream } from "../types.js";

export function writableOf(s: QmuxSendStream): SendStream {
	const stream = new WritableStream<Uint8Array>({
		// STOP_SENDING or the end of the session fails the stream at any time; surface it without a write.
		start: (c) => void s.closed.catch((err: unknown) => c.error(err)),
		// A copy: a WritableStream's writer may reuse its buffer once the write resolved, as browsers allow
		// (WebTransport copies too); only the lean path's callers promise never to touch a chunk again.
		write: async (chunk) => {
			await s.write(chunk.slice());
			if ((s.desiredSize ?? 0) <= 0) await s.ready;
		},
		close: () => s.close(),
		abort: (reason) => s.abort(reason),
	}) as SendStream;
	return defineSendOrder(stream, (order) => void (s.sendOrder = order), s.sendOrder);
}
