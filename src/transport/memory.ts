// An in-process transport pair with the W3C WebTransport shape, for tests and same-process peers.
// Every chunk is copied on write, as a real transport's kernel boundary does, so a writer that reuses a buffer
// after handing it over is caught instead of silently corrupting data. Resets carry codes both ways, writers
// feel backpressure when the reader does not read, and closing the session errors every open stream.
import { resetReason } from "./reset.js";
import type { BidiStream, CloseInfo, DatagramDuplex, SendStream, StreamOptions, Transport } from "./types.js";

/** Chunks a stream buffers before its writer waits for the reader. */
const STREAM_HIGH_WATER = 64;

type Kill = (reason: unknown) => void;

/** One direction of a stream. `kills` holds it until it ends, so a session close can error it. */
function pipe(kills: Set<Kill>): { readable: ReadableStream<Uint8Array>; writable: SendStream } {
	let rc!: ReadableStreamDefaultController<Uint8Array>;
	let wc!: WritableStreamDefaultController;
	let wake: (() => void) | undefined;
	const resume = () => {
		wake?.();
		wake = undefined;
	};
	const done = () => {
		kills.delete(kill);
		resume();
	};
	const kill: Kill = (reason) => {
		try {
			rc.error(reason);
		} catch {
			// already closed
		}
		wc.error(reason);
		done();
	};
	kills.add(kill);
	const readable = new ReadableStream<Uint8Array>(
		{
			start: (c) => void (rc = c),
			pull: resume,
			// STOP_SENDING: the writer's next write fails with the reader's reason.
			cancel: (reason) => {
				wc.error(reason);
				done();
			},
		},
		{ highWaterMark: STREAM_HIGH_WATER },
	);
	const writable = new WritableStream<Uint8Array>({
		start: (c) => void (wc = c),
		write: async (chunk) => {
			rc.enqueue(chunk.slice());
			if ((rc.desiredSize ?? 0) <= 0) await new Promise<void>((r) => (wake = r));
		},
		close: () => {
			rc.close();
			done();
		},
		// RESET_STREAM: the reader sees the writer's reason.
		abort: (reason) => {
			rc.error(reason);
			done();
		},
	}) as SendStream;
	return { readable, writable };
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
	/** Shared by both ends: every stream still open in this connection. */
	#kills: Set<Kill>;

	private constructor(options: MemoryTransportOptions, kills: Set<Kill>) {
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
		const kills = new Set<Kill>();
		const client = new MemoryTransport(options, kills);
		const server = new MemoryTransport(options, kills);
		client.#peer = server;
		server.#peer = client;
		return { client, server };
	}

	async createBidirectionalStream(options?: StreamOptions): Promise<BidiStream> {
		this.#assertOpen();
		const up = pipe(this.#kills);
		const down = pipe(this.#kills);
		up.writable.sendOrder = options?.sendOrder ?? null;
		this.#peer.#bidi.enqueue({ readable: up.readable, writable: down.writable });
		return { readable: down.readable, writable: up.writable };
	}

	async createUnidirectionalStream(options?: StreamOptions): Promise<SendStream> {
		this.#assertOpen();
		const { readable, writable } = pipe(this.#kills);
		writable.sendOrder = options?.sendOrder ?? null;
		this.#peer.#uni.enqueue(readable);
		return writable;
	}

	close(info: CloseInfo = {}): void {
		if (this.#isClosed) return;
		const full = { closeCode: info.closeCode ?? 0, reason: info.reason ?? "" };
		const reason = resetReason(full.closeCode);
		for (const kill of [...this.#kills]) kill(reason);
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
