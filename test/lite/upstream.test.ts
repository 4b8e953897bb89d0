// Subscriber half against a raw publisher: per track one upstream SUBSCRIBE carrying the aggregate,
// SUBSCRIBE_UPDATE when it changes, FIN when demand goes, a fresh SUBSCRIBE when it returns, and the id is
// registered before SUBSCRIBE is sent (a group stream may race ahead of anything else).
import { expect, test } from "vitest";
import { encodeGroupHeader, encodeTrackInfo, FrameEncoder, Version } from "../../src/codec/index.js";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, RawReader, type } from "./helpers.js";

const V = Version.Lite05;

test("one upstream subscription per track, driven by the aggregate", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const remote = new OriginProducer();
	await connect(client, { subscribe: remote });
	const subscribes: { reader: RawReader; writer: WritableStreamDefaultWriter<Uint8Array> }[] = [];
	let tracks = 0;
	void (async () => {
		const bidis = server.incomingBidirectionalStreams.getReader();
		for (;;) {
			const { value, done } = await bidis.read();
			if (done) return;
			const reader = new RawReader(value.readable);
			const writer = value.writable.getWriter();
			const t = await reader.varint();
			if (t === 6) {
				tracks++;
				await reader.message("track", V);
				await writer.write(encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 5000, timescale: 1000 }, V));
				await writer.close();
			} else if (t === 2) subscribes.push({ reader, writer });
		}
	})();
	const room = await remote.consume().requestBroadcast("room");
	// Both set a start: with a live-edge subscriber a start beyond the (still empty) copy's edge would not be forwarded.
	const a = await room.track("video").subscribe({ priority: 1, startGroup: 4 });
	const b = await room.track("video").subscribe({ priority: 5, startGroup: 4 });
	while (subscribes.length === 0) await new Promise((r) => setTimeout(r, 1));
	const up = subscribes[0]!;
	const first = await up.reader.message("subscribe", V);
	expect(first).toMatchObject({ id: 0, broadcast: "room", track: "video" });
	// The first SUBSCRIBE may carry either aggregate; the updates converge on priority 5 from group 4.
	let latest: { priority: number; startGroup?: number | bigint } = first;
	while (latest.priority !== 5) {
		latest = await up.reader.message("subscribeUpdate", V);
		}
	expect(latest).toMatchObject({ priority: 5, startGroup: 4 });
	// A group stream for id 0 lands in both local subscribers.
	const uni = (await server.createUnidirectionalStream()).getWriter();
	const enc = new FrameEncoder(V);
	await uni.write(concat(type(0), encodeGroupHeader({ subscribeId: 0, sequence: 4 }, V), enc.header(7, 1), Uint8Array.of(42)));
	await uni.close();
	for (const sub of [a, b]) {
		const g = (await sub.recvGroup())!;
		expect(g.sequence).toBe(4);
		expect(await g.readFrame()).toEqual({ timestamp: 7, payload: Uint8Array.of(42) });
	}
	b.close();
	expect(await up.reader.message("subscribeUpdate", V)).toMatchObject({ priority: 1 });
	a.close();
	expect(await up.reader.ended()).toBe("fin");
	// Demand returns: a fresh SUBSCRIBE with the next id; TRACK_INFO was fetched once.
	const c = await room.track("video").subscribe();
	while (subscribes.length === 1) await new Promise((r) => setTimeout(r, 1));
	expect(await subscribes[1]!.reader.message("subscribe", V)).toMatchObject({ id: 1 });
	expect(tracks).toBe(1);
	c.close();
});
