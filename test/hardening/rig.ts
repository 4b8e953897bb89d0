// A hostile raw peer against one of our publishing sessions, over MemoryTransport or a real loopback WebSocket to
// `listen()` (the relay endpoint). The publisher side serves room/video; `healthy()` proves the session still works
// by completing a normal SUBSCRIBE on the same connection and reading a whole group.
import { expect } from "vitest";
import { encodeSetup, encodeSubscribe, encodeVarint, UniStreamType, Version } from "../../src/codec/index.js";
import { ErrorCode } from "../../src/error.js";
import { accept } from "../../src/lite/index.js";
import type { Session } from "../../src/lite/session.js";
import { OriginProducer, type TrackProducer } from "../../src/model/index.js";
import { listen } from "../../src/node/endpoint.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { resetReason } from "../../src/transport/reset.js";
import type { Transport } from "../../src/transport/types.js";
import { connectWebSocket } from "../../src/transport/websocket/index.js";
import { concat, RawReader, rawBidi, type } from "../lite/helpers.js";

export const V = Version.Lite05;

export interface Rig {
	readonly name: string;
	/** Bidi streams the peer may hold open at once (the transport's stream credit; QMux grants 100, replenished in halves). */
	readonly maxConcurrent: number;
	readonly peer: RawPeer;
	/** The publishing track (room/video) on our side. */
	readonly track: TrackProducer;
	readonly origin: OriginProducer;
	/** Our session serving the peer. */
	session(): Session;
	close(): Promise<void>;
}

export type RigFactory = (options?: { readUnis?: boolean }) => Promise<Rig>;

/** Reads the peer's incoming uni streams: group streams by subscribe id, SETUP drained. */
export class RawPeer {
	readonly transport: Transport;
	readonly #groups = new Map<number, RawReader[]>();
	readonly #waiters = new Map<number, (r: RawReader) => void>();
	/** Group streams that arrived, for tests that never read them. */
	groupsSeen = 0;
	/** Sequences of the group streams that arrived, per subscribe id, in arrival order. */
	readonly arrived = new Map<number, number[]>();

	/** `readUnis: false`: a peer that never accepts the group streams sent to it (a stalled subscriber). */
	constructor(transport: Transport, options: { readUnis?: boolean } = {}) {
		this.transport = transport;
		if (options.readUnis !== false) void this.#pump();
		void this.#refuse();
	}

	// The relay pulls paths it does not know from its peers: this peer publishes nothing, so it says NotFound.
	async #refuse(): Promise<void> {
		const incoming = this.transport.incomingBidirectionalStreams.getReader();
		for (;;) {
			let next: ReadableStreamReadResult<{ readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> }>;
			try {
				next = await incoming.read();
			} catch {
				return;
			}
			if (next.done) return;
			next.value.writable.abort(resetReason(ErrorCode.NotFound)).catch(() => {});
			next.value.readable.cancel(resetReason(ErrorCode.NotFound)).catch(() => {});
		}
	}

	/** Sends SETUP (no parameters) and FINs it, as a real moq-lite-05 peer does: a relay closes a session that has
	 * not sent one within its handshake deadline, however slow the machine. */
	async sendSetup(): Promise<void> {
		const w = (await this.transport.createUnidirectionalStream()).getWriter();
		await w.write(concat(encodeVarint(UniStreamType.Setup), encodeSetup({}, V)));
		await w.close();
	}

	/** Starts accepting group streams (a stalled subscriber resuming). */
	resume(): void {
		void this.#pump();
	}

	async #pump(): Promise<void> {
		const incoming = this.transport.incomingUnidirectionalStreams.getReader();
		for (;;) {
			let next: ReadableStreamReadResult<ReadableStream<Uint8Array>>;
			try {
				next = await incoming.read();
			} catch {
				return;
			}
			if (next.done) return;
			void this.#route(new RawReader(next.value));
		}
	}

	async #route(r: RawReader): Promise<void> {
		try {
			const t = await r.varint();
			if (t !== 0) return void (await r.ended());
			const h = await r.message("group", V);
			this.groupsSeen++;
			const id = Number(h.subscribeId);
			this.arrived.set(id, [...(this.arrived.get(id) ?? []), Number(h.sequence)]);
			const waiter = this.#waiters.get(id);
			if (waiter) {
				this.#waiters.delete(id);
				waiter(r);
			} else {
				const q = this.#groups.get(id) ?? [];
				q.push(r);
				this.#groups.set(id, q);
			}
		} catch {
			// a reset group stream: nothing to route
		}
	}

	/** The next group stream of subscription `id` (its header already read). Waits for it however long that takes on
	 * a busy machine: the test's timeout is the only safety net. */
	group(id: number): Promise<RawReader> {
		const q = this.#groups.get(id);
		if (q?.length) return Promise.resolve(q.shift()!);
		return new Promise((resolve) => this.#waiters.set(id, resolve));
	}

	/** Forgets queued group streams (releasing them). */
	drop(id: number): void {
		for (const r of this.#groups.get(id) ?? []) void r.ended();
		this.#groups.delete(id);
	}

	bidi(bytes: Uint8Array) {
		return rawBidi(() => this.transport.createBidirectionalStream(), bytes);
	}
}

export function subscribeBytes(id: number | bigint, broadcast = "room", track = "video", extra: { startGroup?: number | bigint } = {}): Uint8Array {
	return concat(type(2), encodeSubscribe({ id, broadcast, track, priority: 1, ordered: false, maxLatency: 0, ...extra }, V));
}

let nextHealthyId = 1_000_000;

/** A normal subscribe on the same connection: one whole group read, then an unsubscribe answered by FIN. */
export async function healthy(rig: Rig): Promise<void> {
	const id = nextHealthyId++;
	const { reader, writer } = await rig.peer.bidi(subscribeBytes(id));
	const got = rig.peer.group(id);
	// Publish until the subscription picks a group up (it starts at the newest group once it is in place).
	let n = 0;
	const ticker = setInterval(() => rig.track.writeFrame(n++, new TextEncoder().encode(`hello ${id}`)), 5);
	try {
		const group = await got;
		expect(await group.ended()).toBe("fin");
		// One whole frame (the newest group when the subscription landed may be an earlier tick's).
		const frames = group.decoder.frames(V);
		expect(frames.length).toBe(1);
		expect(new TextDecoder().decode(frames[0]!.payload)).toMatch(/^hello \d+$/);
	} finally {
		clearInterval(ticker);
	}
	expect((await reader.message("subscribeResponse", V)).type).toBe("start");
	await writer.close();
	expect(await reader.ended()).toBe("fin");
	rig.peer.drop(id);
	expect(rig.session().isClosed).toBe(false);
}

function publisher(): { origin: OriginProducer; track: TrackProducer } {
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	return { origin, track };
}

export const memoryRig: RigFactory = async (options) => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const { origin, track } = publisher();
	const session = await accept(server, { publish: origin.consume() });
	const peer = new RawPeer(client, options);
	await peer.sendSetup();
	return {
		name: "memory",
		maxConcurrent: Number.POSITIVE_INFINITY,
		peer,
		track,
		origin,
		session: () => session,
		async close() {
			session.close();
			await session.closed;
		},
	};
};

/** A real `listen()` endpoint on 127.0.0.1 and a raw WebSocket (QMux) client to it. */
export const webSocketRig: RigFactory = async (options) => {
	const origin = new OriginProducer();
	const endpoint = await listen({ bind: "127.0.0.1:0", origin });
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const client = await connectWebSocket(`ws://127.0.0.1:${endpoint.port}/`, { protocols: ["moq-lite-05"] });
	while (endpoint.sessions.size === 0) await new Promise((r) => setTimeout(r, 2));
	const session = [...endpoint.sessions][0]!;
	const peer = new RawPeer(client, options);
	await peer.sendSetup();
	return {
		name: "websocket",
		maxConcurrent: 45,
		peer,
		track,
		origin,
		session: () => session,
		async close() {
			client.close();
			await endpoint.close();
		},
	};
};
