// Publisher half of the announce stream against a raw subscriber: ANNOUNCE_OK with the initial count, the
// initial set as suffixes under the prefix, then live updates; 04 stamps our origin as the hop.
import { expect, test } from "vitest";
import { encodeAnnounceRequest, Version } from "../../src/codec/index.js";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, rawBidi, type } from "./helpers.js";

test("moq-lite-05: ANNOUNCE_OK(origin, count), initial set, then live updates", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const origin = new OriginProducer();
	origin.createBroadcast("room/a");
	origin.createBroadcast("room/b");
	origin.createBroadcast("other");
	const session = await accept(server, { publish: origin.consume() });
	const V = Version.Lite05;
	const { reader, writer } = await rawBidi(() => client.createBidirectionalStream(), concat(type(1), encodeAnnounceRequest({ prefix: "room", excludeHop: 0 }, V)));
	expect(await reader.message("announceOk", V)).toEqual({ origin: session.origin, activeCount: 2 });
	const initial = [await reader.message("announce", V), await reader.message("announce", V)];
	expect(initial.map((a) => a.suffix).sort()).toEqual(["a", "b"]);
	expect(initial.every((a) => a.status === 1 && a.hops.length === 0)).toBe(true);
	const c = origin.createBroadcast("room/c");
	expect(await reader.message("announce", V)).toEqual({ status: 1, suffix: "c", hops: [] });
	c.finish();
	expect(await reader.message("announce", V)).toEqual({ status: 0, suffix: "c", hops: [] });
	await writer.close();
	expect(await reader.ended()).toBe("fin");
});

test("moq-lite-04: no ANNOUNCE_OK, our origin as the hop", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-04" });
	const origin = new OriginProducer();
	origin.createBroadcast("x");
	const session = await accept(server, { publish: origin.consume() });
	const V = Version.Lite04;
	const { reader } = await rawBidi(() => client.createBidirectionalStream(), concat(type(1), encodeAnnounceRequest({ prefix: "", excludeHop: 0 }, V)));
	expect(await reader.message("announce", V)).toEqual({ status: 1, suffix: "x", hops: [session.origin] });
});

test("a relay carries the hop chain onward and never announces a broadcast back to the peer it came from", async () => {
	const V = Version.Lite05;
	const relay = new OriginProducer();
	const x = MemoryTransport.pair({ protocol: "moq-lite-05" });
	await accept(x.server, { publish: relay.consume(), subscribe: relay });
	const xPublished = new OriginProducer();
	const xSession = await connect(x.client, { publish: xPublished.consume() });
	xPublished.createBroadcast("a");
	await relay.consume().announcedBroadcast("a");
	// X asks for announcements excluding itself (as @moq/net does on 04/05, relying on the publisher).
	const back = await rawBidi(() => x.client.createBidirectionalStream(), concat(type(1), encodeAnnounceRequest({ prefix: "", excludeHop: xSession.origin }, V)));
	expect((await back.reader.message("announceOk", V)).activeCount).toBe(0);
	// A second peer hears of "a" with X on its chain (the receiver appends the relay itself on 05).
	const y = MemoryTransport.pair({ protocol: "moq-lite-05" });
	await accept(y.server, { publish: relay.consume() });
	const { reader } = await rawBidi(() => y.client.createBidirectionalStream(), concat(type(1), encodeAnnounceRequest({ prefix: "", excludeHop: 0 }, V)));
	expect((await reader.message("announceOk", V)).activeCount).toBe(1);
	expect(await reader.message("announce", V)).toEqual({ status: 1, suffix: "a", hops: [xSession.origin] });
});
