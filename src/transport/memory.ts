// An in-process transport pair with the W3C WebTransport shape, for tests and same-process peers.
// Two levels of "closed", as a reliable transport has: a public stream's close() resolves once the FIN is queued
// for the peer (what a QUIC ACK says: the peer's transport holds it all); the session's bare writer
// (createUnidirectionalWriter, its group streams) resolves close() only once the peer's reader has read the FIN,
// so "every group stream closed" is a true "the peer read it all" — what the SUBSCRIBE FIN at track end follows
// (a subscriber may end the track at that FIN and cut group streams it has not read: the reference JS does).
// Public WritableStreams copy each chunk, as a real transport's kernel boundary does, so a writer that reuses a
// buffer after handing it over is caught instead of silently corrupting data; the bare writer hands chunks over
// uncopied (the session never reuses them). Resets carry codes both ways, writers feel backpressure when the
// reader does not read, and closing the session errors every open stream (a bare close() still waiting for its
// FIN to be read rejects then).
import { resetReason } from "./reset.js";
import type { BidiStream, CloseInfo, DatagramDuplex, SendStream, StreamOptions, StreamWriter, Transport } from "./types.js";

/** Chunks a stream buffers before its writer waits for the reader. */
const STREAM_HIGH_WATER = 64;

const RESOLVED = Promise.resolve();
const ignore = (): void => {};

/**
 * One direction of a stream. Chunks wait here until the reader asks for one (the ReadableStream keeps no queue
 * of its own), so the FIN is handed to the reader only when it reads past the last chunk: that is when close()
 * resolves. A reset reaches the reader after what was written before it (so a reader still learns which group a
 * reset stream carried). `kills` holds the stream while a session close must still error it.
 */
class Channel implements StreamWriter {
	readonly readable: ReadableStream<Uint8Array>;
	readonly closed: Promise<void>;
	sendOrder: number | null = null;
	/** Called once when the writer side fails (reset, stop, session close): the public WritableStream errors too. */
	onFail: ((reason: unknown) => void) | undefined;
	readonly #kills: Set<Channel>;
	#rc!: ReadableStreamDefaultController<Uint8Array>;
	#chunks: Uint8Array[] = [];
	#head = 0;
	/** The reader has a read waiting for the next chunk. */
	#wanted = false;
	#fin = false;
	/** The writer reset the stream: the reader gets this after the chunks written before. */
	#reset: unknown;
	/** The reader is done: it took the FIN or the reset, cancelled, or the session closed. */
	#ended = false;
	/** Why the writer can write no more. */
	#error: unknown;
	#resolve!: () => void;
	#reject!: (reason: unknown) => void;
	#room: (() => void)[] = [];

	constructor(kills: Set<Channel>) {
		this.#kills = kills;
		kills.add(this);
		this.closed = new Promise<void>((resolve, reject) => {
			this.#resolve = resolve;
			this.#reject = reject;
		});
		this.closed.catch(ignore);
		this.readable = new ReadableStream<Uint8Array>(
			{
				start: (c) => void (this.#rc = c),
				pull: () => this.#pull(),
				// STOP_SENDING: the writer's next write (and a pending close) fails with the reader's reason.
				cancel: (reason) => {
					this.#drop();
					this.#failWriter(reason);
				},
			},
			{ highWaterMark: 0 },
		);
	}

	get #queued(): number {
		return this.#chunks.length - this.#head;
	}

	get desiredSize(): number | null {
		if (this.#error !== undefined) return null;
		return STREAM_HIGH_WATER - this.#queued;
	}

	get ready(): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (this.#queued < STREAM_HIGH_WATER) return RESOLVED;
		return new Promise<void>((resolve) => this.#room.push(resolve));
	}

	write(chunk: Uint8Array): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (this.#fin) return Promise.reject(new TypeError("write after close"));
		if (this.#wanted) {
			this.#wanted = false;
			this.#rc.enqueue(chunk);
		} else this.#chunks.push(chunk);
		return RESOLVED;
	}

	/** FIN after what is written; resolves once the reader has read it. */
	close(): Promise<void> {
		if (this.#error !== undefined) return Promise.reject(this.#error);
		if (!this.#fin) {
			this.#fin = true;
			if (this.#wanted) this.#pull();
		}
		return this.closed;
	}

	/** RESET_STREAM: the writer is done at once; the reader sees `reason` after what was written before. */
	abort(reason?: unknown): Promise<void> {
		if (this.#ended || this.#error !== undefined) return RESOLVED;
		this.#reset = reason ?? resetReason(0);
		this.#failWriter(this.#reset);
		if (this.#wanted) this.#pull();
		return RESOLVED;
	}

	/** The session closed: both halves fail with its reason, unread chunks are dropped. */
	kill(reason: unknown): void {
		try {
			this.#rc.error(reason);
		} catch {
			// the reader already cancelled
		}
		this.#drop();
		this.#failWriter(reason);
	}

	/** A session close no longer errors this stream (its public writer closed: the FIN is queued). */
	release(): void {
		this.#kills.delete(this);
	}

	/** The reader wants a chunk: the next one, then the reset or the FIN once none is left. */
	#pull(): void {
		this.#wanted = false;
		if (this.#queued > 0) {
			const chunk = this.#chunks[this.#head]!;
			this.#chunks[this.#head++] = undefined as unknown as Uint8Array;
			if (this.#head === this.#chunks.length) {
				this.#chunks = [];
				this.#head = 0;
			}
			this.#rc.enqueue(chunk);
			if (this.#room.length > 0 && this.#queued < STREAM_HIGH_WATER) for (const wake of this.#room.splice(0)) wake();
		} else if (this.#reset !== undefined) {
			this.#rc.error(this.#reset);
			this.#drop();
		} else if (this.#fin) {
			// The reader takes the FIN: delivered.
			this.#rc.close();
			this.#drop();
			this.#resolve();
		} else this.#wanted = true;
	}

	/** The reader side is over: nothing more is delivered. */
	#drop(): void {
		this.#ended = true;
		this.#wanted = false;
		this.#chunks = [];
		this.#head = 0;
		this.#kills.delete(this);
	}

	#failWriter(reason: unknown): void {
		if (this.#error !== undefined) return;
		this.#error = reason;
		this.#reject(reason);
		for (const wake of this.#room.splice(0)) wake();
		this.onFail?.(reason);
	}
}

/** A channel's public writer: a WritableStream that copies each chunk (its writer may reuse the buffer) and
 * whose close() resolves once the FIN is queued. */
function writableOf(ch: Channel): SendStream {
	const writable = new WritableStream<Uint8Array>({
		start: (c) => {
			ch.onFail = (reason) => c.error(reason);
		},
		write: async (chunk) => {
			await ch.write(chunk.slice());
			if ((ch.desiredSize ?? 0) <= 0) await ch.ready;
		},
		// Queued is closed here (the transport-level ACK); the FIN still reaches the reader after the last chunk.
		close: () => {
			void ch.close().catch(ignore);
			ch.release();
		},
		abort: (reason) => ch.abort(reason),
	}) as SendStream;
	// The stream's send order lives on the channel, like a bare writer's.
	Object.defineProperty(writable, "sendOrder", {
		get: () => ch.sendOrder,
		set: (order: number | null) => void (ch.sendOrder = order),
	});
	return writable;
}

export interface MemoryTransportOptions {
	/** Subprotocol both ends report, e.g. "moq-lite-05". */
	protocol?: string;
	/** Max datagram size; 0 disables datagrams (like WebSocket). Default 1200. */
	maxDatagramSize?: number;
}

export class MemoryTransport implements Transport {
	readonly protocol: string;
	readonly ready: Promise<void> = Promise.resolve();
	readonly closed: Promise<CloseInfo>;
	readonly incomingBidirectionalStreams: ReadableStream<BidiStream>;
	readonly incomingUnidirectionalStreams: ReadableStream<ReadableStream<Uint8Array>>;
	readonly datagrams: DatagramDuplex;

	#peer!: MemoryTransport;
	#bidi!: ReadableStreamDefaultController<BidiStream>;
	#uni!: ReadableStreamDefaultController<ReadableStream<Uint8Array>>;
	#datagramIn!: ReadableStreamDefaultController<Uint8Array>;
	#resolveClosed!: (info: CloseInfo) => void;
	#isClosed = false;
	/** Shared by both ends: every stream direction still open in this connection. */
	#kills: Set<Channel>;

	private constructor(options: MemoryTransportOptions, kills: Set<Channel>) {
		this.protocol = options.protocol ?? "";
		this.#kills = kills;
		this.closed = new Promise((r) => (this.#resolveClosed = r));
		this.incomingBidirectionalStreams = new ReadableStream({ start: (c) => void (this.#bidi = c) });
		this.incomingUnidirectionalStreams = new ReadableStream({ start: (c) => void (this.#uni = c) });
		const maxDatagramSize = options.maxDatagramSize ?? 1200;
		const readable = new ReadableStream<Uint8Array>({ start: (c) => void (this.#datagramIn = c) });
		const writable = new WritableStream<Uint8Array>({
			write: (chunk) => {
				// Best effort, like QUIC datagrams: oversize or post-close datagrams vanish.
				if (this.#isClosed || chunk.byteLength > maxDatagramSize) return;
				this.#peer.#datagramIn.enqueue(chunk.slice());
			},
		});
		this.datagrams = { readable, writable, maxDatagramSize };
	}

	static pair(options: MemoryTransportOptions = {}): { client: MemoryTransport; server: MemoryTransport } {
		const kills = new Set<Channel>();
		const client = new MemoryTransport(options, kills);
		const server = new MemoryTransport(options, kills);
		client.#peer = server;
		server.#peer = client;
		return { client, server };
	}

	async createBidirectionalStream(options?: StreamOptions): Promise<BidiStream> {
		this.#assertOpen();
		const up = new Channel(this.#kills);
		const down = new Channel(this.#kills);
		up.sendOrder = options?.sendOrder ?? null;
		this.#peer.#bidi.enqueue({ readable: up.readable, writable: writableOf(down) });
		return { readable: down.readable, writable: writableOf(up) };
	}

	async createUnidirectionalStream(options?: StreamOptions): Promise<SendStream> {
		return writableOf(this.#openUni(options));
	}

	/** The session's path for group streams: the channel itself, chunks uncopied. */
	async createUnidirectionalWriter(options?: StreamOptions): Promise<StreamWriter> {
		return this.#openUni(options);
	}

	#openUni(options?: StreamOptions): Channel {
		this.#assertOpen();
		const ch = new Channel(this.#kills);
		ch.sendOrder = options?.sendOrder ?? null;
		this.#peer.#uni.enqueue(ch.readable);
		return ch;
	}

	close(info: CloseInfo = {}): void {
		if (this.#isClosed) return;
		const full = { closeCode: info.closeCode ?? 0, reason: info.reason ?? "" };
		const reason = resetReason(full.closeCode);
		for (const ch of [...this.#kills]) ch.kill(reason);
		this.#shutdown(full, reason);
		this.#peer.#shutdown(full, reason);
	}

	#shutdown(info: Required<CloseInfo>, reason: Error): void {
		if (this.#isClosed) return;
		this.#isClosed = true;
		for (const c of [this.#bidi, this.#uni, this.#datagramIn]) {
			try {
				c.error(reason);
			} catch {
				// already closed
			}
		}
		this.#resolveClosed(info);
	}

	#assertOpen(): void {
		if (this.#isClosed) throw resetReason(0);
	}
}
