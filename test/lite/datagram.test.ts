// Datagrams on the wire (spec §3.8) against raw peers: a served subscription's datagrams leave as
// `subscribe_id, sequence, timestamp, payload`, bodies above the transport's max size are dropped (no stream
// fallback), nothing is sent below 05 or without datagram support, and the subscriber routes by id.
import { describe, expect, test } from "vitest";
import { decodeDatagram, encodeDatagram, encodeSubscribe, encodeTrackInfo, Version } from "../../src/codec/index.js";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer, type TrackProducer } from "../../src/model/index.js";
import { MemoryTransport, type MemoryTransportOptions } from "../../src/transport/memory.js";
import type { DatagramDuplex } from "../../src/transport/types.js";
import { concat, RawReader, rawBidi, type } from "./helpers.js";

const V = Version.Lite05;
const tick = (ms = 5): Promise<void> => new Promise((r) => setTimeout(r, ms));
// A stopped model clock: on a busy machine more than MAX_DATAGRAM_AGE (50 ms) can pass between a datagram's push
// and its read, which on the platform clock would expire the very datagram a test waits for.
const still = { now: () => 0 };

/** Our server publishing room/audio, a raw client subscribed to it with id 7, what the server sent as datagrams. */
async function served(options: MemoryTransportOptions): Promise<{ track: TrackProducer; peer: MemoryTransport; sent: Uint8Array[]; groups: Promise<RawReader> }> {
	const { client, server } = MemoryTransport.pair(options);
	// Every datagram our session hands the transport, before the transport applies its own size limit.
	const sent: Uint8Array[] = [];
	const inner = server.datagrams.writable.getWriter();
	const writable = new WritableStream<Uint8Array>({
		write: (c) => {
			sent.push(c);
			return inner.write(c);
		},
	});
	(server as { datagrams: DatagramDuplex }).datagrams = { ...server.datagrams, readable: server.datagrams.readable, writable };
	const origin = new OriginProducer(still);
	const track = origin.createBroadcast("room").createTrack("audio", { timescale: 48000 });
	await accept(server, { publish: origin.consume() });
	const version = options.protocol === "moq-lite-04" ? Version.Lite04 : V;
	await rawBidi(
		() => client.createBidirectionalStream(),
		concat(type(2), encodeSubscribe({ id: 7, broadcast: "room", track: "audio", priority: 0, ordered: false, maxLatency: 0 }, version)),
	);
	await track.used();
	return { track, peer: client, sent, groups: groupStreams(client) };
}

/** The first GROUP stream the peer receives (05 sends its SETUP stream first), read past its type. */
async function groupStreams(peer: MemoryTransport): Promise<RawReader> {
	const unis = peer.incomingUnidirectionalStreams.getReader();
	for (;;) {
		const r = new RawReader((await unis.read()).value!);
		if ((await r.varint()) === 0) return r;
	}
}

describe("publisher", () => {
	test("a subscription's datagrams leave as QUIC datagrams with its id; oversize bodies are dropped", async () => {
		const { track, peer, sent } = await served({ protocol: "moq-lite-05", maxDatagramSize: 64 });
		const incoming = peer.datagrams.readable.getReader();
		expect(track.appendDatagram(960, Uint8Array.of(1, 2))).toBe(0);
		expect(track.appendDatagram(1920, new Uint8Array(80))).toBe(1);
		expect(track.appendDatagram(2880, Uint8Array.of(3))).toBe(2);
		const first = decodeDatagram((await incoming.read()).value!, V);
		expect(first).toEqual({ subscribeId: 7, sequence: 0, timestamp: 960, payload: Uint8Array.of(1, 2) });
		const second = decodeDatagram((await incoming.read()).value!, V);
		expect(second).toMatchObject({ subscribeId: 7, sequence: 2, timestamp: 2880 });
		// The 80-byte payload never reached the transport.
		expect(sent.map((d) => decodeDatagram(d, V).sequence)).toEqual([0, 2]);
	});

	test.each([
		["moq-lite-04", { protocol: "moq-lite-04" }],
		["a transport without datagrams", { protocol: "moq-lite-05", maxDatagramSize: 0 }],
	] as const)("nothing is sent on %s; groups still flow", async (_, options) => {
		const { track, sent, groups } = await served(options);
		track.appendDatagram(0, Uint8Array.of(1));
		track.writeFrame(0, Uint8Array.of(2));
		expect(await (await groups).message("group", options.protocol === "moq-lite-04" ? Version.Lite04 : V)).toEqual({ subscribeId: 7, sequence: 1 });
		await tick();
		expect(sent).toEqual([]);
	});
});

test("subscriber: datagrams are routed by subscribe id; unknown ids and malformed bodies are dropped", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const remote = new OriginProducer(still);
	await connect(client, { subscribe: remote });
	let subscribed!: () => void;
	const subscribe = new Promise<void>((r) => (subscribed = r));
	void (async () => {
		const bidis = server.incomingBidirectionalStreams.getReader();
		for (;;) {
			const { value, done } = await bidis.read();
			if (done) return;
			const reader = new RawReader(value.readable);
			const writer = value.writable.getWriter();
			const t = await reader.varint();
			if (t === 6) {
				await reader.message("track", V);
				await writer.write(encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 5000, timescale: 48000 }, V));
				await writer.close();
			} else if (t === 2) {
				expect(await reader.message("subscribe", V)).toMatchObject({ id: 0 });
				subscribed();
			}
		}
	})();
	const sub = await (await remote.consume().requestBroadcast("room")).track("audio").subscribe();
	await subscribe;
	const out = server.datagrams.writable.getWriter();
	await out.write(encodeDatagram({ subscribeId: 5, sequence: 1, timestamp: 10, payload: Uint8Array.of(5) }, V));
	await out.write(Uint8Array.of(0x40));
	await out.write(encodeDatagram({ subscribeId: 0, sequence: 3, timestamp: 2880, payload: Uint8Array.of(9, 9) }, V));
	expect(await sub.recvDatagram()).toEqual({ sequence: 3, timestamp: 2880, payload: Uint8Array.of(9, 9) });
	sub.close();
});
