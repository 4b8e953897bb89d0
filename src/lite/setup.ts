// SETUP uni stream (05+, spec §3.2): ours is sent at once and FINed; the peer's is read in any parameter order.
import { Decoder, encodeSetup, encodeVarint, type Setup, UniStreamType, type Version } from "../codec/index.js";
import { ClosedError } from "../error.js";
import type { Transport } from "../transport/types.js";
import type { Engine } from "../wasm/engine.js";
import type { Session } from "./session.js";
import { limitError } from "./session-limits.js";
import type { Reader } from "./stream.js";

/** No probe level: we cannot measure a send rate, so we never claim Report (and absent = None). `path`: the
 * client's SETUP Path (SessionOptions.path). */
export async function sendSetup(s: Session, role: number | undefined, path?: string): Promise<void> {
	const setup: Setup = { origin: s.origin };
	if (role !== undefined) setup.role = role;
	if (path !== undefined) setup.path = path;
	const w = await s.openUni();
	await w.write(encodeVarint(UniStreamType.Setup, s.engine));
	await w.write(encodeSetup(setup, s.version, s.engine));
	w.close();
}

export async function recvSetup(s: Session, r: Reader): Promise<void> {
	s.gotSetup(await r.message("setup", s.version));
	// Drain to the FIN: stopping the stream early would fail the peer's own close.
	await r.end();
}

/**
 * Server side, before any session exists: the client's SETUP from its first uni stream, read within `ms` (0: no
 * deadline), so its Path (a URI-less binding's `/path?jwt=…`) can decide the session's grant, as the reference
 * relay waits for it. The stream is then handed to the session as if unread (its chunks replayed, same stream
 * object, so its codes and counters are its own). Undefined when the first uni stream is not a SETUP (the session
 * deals with it). Rejects when the transport ends first, or with the handshakeTimeout limit's error.
 */
export async function peekSetup(transport: Transport, version: Version, ms = 0, engine?: Engine): Promise<Setup | undefined> {
	const incoming = transport.incomingUnidirectionalStreams;
	const streams = incoming.getReader();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		if (ms > 0) timer = setTimeout(() => reject(limitError("handshakeTimeout", ms, "no SETUP from the peer")), ms);
	});
	let first: ReadableStream<Uint8Array> | undefined;
	try {
		const next = await Promise.race([streams.read(), late]);
		if (next.done) throw new ClosedError("the session ended before its SETUP");
		first = next.value;
		const chunks: Uint8Array[] = [];
		const reader = first.getReader();
		try {
			return await Promise.race([readSetup(reader, chunks, version, engine), late]);
		} finally {
			replay(first, reader, chunks);
		}
	} finally {
		clearTimeout(timer);
		streams.releaseLock();
		if (first) handBack(incoming, first);
	}
}

/** Reads (into `chunks`) up to the end of a SETUP; undefined once the stream type says it is another stream. */
async function readSetup(reader: ReadableStreamDefaultReader<Uint8Array>, chunks: Uint8Array[], version: Version, engine?: Engine): Promise<Setup | undefined> {
	const decoder = new Decoder(engine ? { engine } : {});
	let type: bigint | number | undefined;
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return undefined;
		chunks.push(value);
		decoder.push(value);
		type ??= decoder.varint();
		if (type === undefined) continue;
		if (type !== UniStreamType.Setup) return undefined;
		const setup = decoder.message("setup", version);
		if (setup) return setup;
	}
}

/** The next getReader() of `stream` first yields `chunks`, then what `reader` (still holding its lock) reads. */
function replay(stream: ReadableStream<Uint8Array>, reader: ReadableStreamDefaultReader<Uint8Array>, chunks: Uint8Array[]): void {
	const again: ReadableStreamDefaultReader<Uint8Array> = {
		read: (): Promise<ReadableStreamReadResult<Uint8Array>> => {
			const chunk = chunks.shift();
			return chunk ? Promise.resolve({ done: false, value: chunk }) : reader.read();
		},
		cancel: (reason?: unknown) => reader.cancel(reason),
		releaseLock: () => reader.releaseLock(),
		get closed() {
			return reader.closed;
		},
	};
	Object.assign(stream, { getReader: () => again });
}

/** The next getReader() of `incoming` yields `first` before the streams that follow it. */
function handBack(incoming: ReadableStream<ReadableStream<Uint8Array>>, first: ReadableStream<Uint8Array>): void {
	const getReader = incoming.getReader.bind(incoming) as () => ReadableStreamDefaultReader<ReadableStream<Uint8Array>>;
	Object.assign(incoming, {
		getReader: () => {
			const reader = getReader();
			const read = reader.read.bind(reader);
			let pending: ReadableStream<Uint8Array> | undefined = first;
			return Object.assign(reader, {
				read: (): Promise<ReadableStreamReadResult<ReadableStream<Uint8Array>>> => {
					if (!pending) return read();
					const value = pending;
					pending = undefined;
					return Promise.resolve({ done: false, value });
				},
			});
		},
	});
}
