// Traffic counted at the transport, for /metrics: a session's transport wrapped once by the relay, so bytes and
// GROUP streams each way and stream resets by code are counted without the session's code knowing. Roles follow
// moq-relay (relay-ops.md §4): `publisher` is what the relay sends (egress), `subscriber` what it receives.
// Sessions read and write streams only through getReader()/getWriter() (src/lite/stream.ts), so each stream keeps
// its identity and only those two calls are replaced: no stream is added per moq stream.
import { UniStreamType } from "../codec/index.js";
import { resetCode } from "../transport/reset.js";
import type { BidiStream, SendStream, StreamWriter, Transport } from "../transport/types.js";

export type Role = "publisher" | "subscriber";

/** Where the counts go (src/relay/metrics.ts). */
export interface TrafficSink {
	bytes(role: Role, n: number): void;
	group(role: Role): void;
	/** A RESET_STREAM: `sent` by the relay (its abort), or `received` from the peer (a read failed with a code). */
	reset(direction: "sent" | "received", code: number): void;
}

/** A GROUP stream starts with its type, the one-byte varint 0 (spec §3.1). */
const isGroup = (chunk: Uint8Array) => chunk.byteLength > 0 && chunk[0] === UniStreamType.Group;

type Writer = StreamWriter | WritableStreamDefaultWriter<Uint8Array>;

/** Counts what leaves through `writer`; `uni`: its first byte says whether it is a GROUP stream. */
function countedWriter<W extends Writer>(writer: W, sink: TrafficSink, uni: boolean): W {
	let first = uni;
	const write = writer.write.bind(writer);
	const abort = writer.abort.bind(writer);
	return Object.assign(writer, {
		write(chunk: Uint8Array) {
			if (first) {
				first = false;
				if (isGroup(chunk)) sink.group("publisher");
			}
			sink.bytes("publisher", chunk.byteLength);
			return write(chunk);
		},
		abort(reason?: unknown) {
			const code = resetCode(reason);
			if (code !== undefined) sink.reset("sent", code);
			return abort(reason);
		},
	});
}

function countWrites(stream: SendStream, sink: TrafficSink, uni: boolean): SendStream {
	const getWriter = stream.getWriter.bind(stream);
	return Object.assign(stream, { getWriter: () => countedWriter(getWriter(), sink, uni) });
}

/** Counts what arrives on `stream`; `uni`: its first byte says whether it is a GROUP stream. */
function countReads(stream: ReadableStream<Uint8Array>, sink: TrafficSink, uni: boolean): ReadableStream<Uint8Array> {
	const getReader = stream.getReader.bind(stream) as () => ReadableStreamDefaultReader<Uint8Array>;
	const counting = () => {
		const reader = getReader();
		const read = reader.read.bind(reader);
		let first = uni;
		return Object.assign(reader, {
			async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
				let next: ReadableStreamReadResult<Uint8Array>;
				try {
					next = await read();
				} catch (err) {
					const code = resetCode(err);
					if (code !== undefined) sink.reset("received", code);
					throw err;
				}
				if (next.done) return next;
				if (first) {
					first = false;
					if (isGroup(next.value)) sink.group("subscriber");
				}
				sink.bytes("subscriber", next.value.byteLength);
				return next;
			},
		});
	};
	return Object.assign(stream, { getReader: counting }) as ReadableStream<Uint8Array>;
}

const countBidi = (s: BidiStream, sink: TrafficSink): BidiStream => {
	countReads(s.readable, sink, false);
	countWrites(s.writable, sink, false);
	return s;
};

/** `streams` with each stream it yields passed through `count` first. */
function countEach<T>(streams: ReadableStream<T>, count: (s: T) => void): ReadableStream<T> {
	const getReader = streams.getReader.bind(streams) as () => ReadableStreamDefaultReader<T>;
	return Object.assign(streams, {
		getReader: () => {
			const reader = getReader();
			const read = reader.read.bind(reader);
			return Object.assign(reader, {
				async read() {
					const next = await read();
					if (!next.done) count(next.value);
					return next;
				},
			});
		},
	}) as ReadableStream<T>;
}

/** Counts `transport`'s traffic into `sink` from now on; returns the same transport. */
export function countTraffic<T extends Transport>(transport: T, sink: TrafficSink): T {
	countEach(transport.incomingBidirectionalStreams, (s) => countBidi(s, sink));
	countEach(transport.incomingUnidirectionalStreams, (s) => countReads(s, sink, true));
	const { createBidirectionalStream, createUnidirectionalStream, createUnidirectionalWriter } = transport;
	transport.createBidirectionalStream = async (options) => countBidi(await createBidirectionalStream.call(transport, options), sink);
	transport.createUnidirectionalStream = async (options) => countWrites(await createUnidirectionalStream.call(transport, options), sink, true);
	if (createUnidirectionalWriter) {
		transport.createUnidirectionalWriter = async (options) => countedWriter(await createUnidirectionalWriter.call(transport, options), sink, true);
	}
	return transport;
}
