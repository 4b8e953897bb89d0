// The SUBSCRIBE FIN at track end follows the delivery of every group stream (issue #9 item 4): a subscriber that
// ends the track at that FIN (the reference JS does) must already have read each group to its end. Over a
// MemoryTransport a stream's close() resolves once the peer read its FIN, and the FIN waits on those closes.
import { expect, test } from "vitest";
import { encodeSubscribe, UniStreamType, Version } from "../../src/codec/index.js";
import { accept } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { concat, rawBidi, RawReader, type } from "./helpers.js";

const V = Version.Lite05;

/** The next group stream towards the raw peer, its type read (the session's SETUP stream is skipped). */
async function nextGroup(unis: ReadableStreamDefaultReader<ReadableStream<Uint8Array>>): Promise<RawReader> {
	for (;;) {
		const r = new RawReader((await unis.read()).value!);
		if ((await r.varint()) === UniStreamType.Group) return r;
	}
}

/** Settles `p` or reports it still pending once everything already queued (microtasks, one macrotask) ran. */
async function settledNow<T>(p: Promise<T>): Promise<T | "pending"> {
	return Promise.race([p, new Promise<"pending">((r) => setImmediate(() => r("pending")))]);
}

test("the SUBSCRIBE FIN waits until the subscriber has read every group stream to its end", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	await accept(server, { publish: origin.consume() });
	const { reader } = await rawBidi(
		() => client.createBidirectionalStream(),
		concat(type(2), encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 0, ordered: false, maxLatency: 0, startGroup: 0 }, V)),
	);
	const unis = client.incomingUnidirectionalStreams.getReader();
	track.writeFrame(0, Uint8Array.of(1));
	track.writeFrame(1, Uint8Array.of(2));
	track.finish();
	expect(await reader.message("subscribeResponse", V)).toEqual({ type: "start", group: 0 });
	expect(await reader.message("subscribeResponse", V)).toEqual({ type: "end", group: 2 });
	const ended = reader.ended();
	// Both group streams are open towards us, unread: no FIN yet.
	const groups = [await nextGroup(unis), await nextGroup(unis)];
	expect(await settledNow(ended)).toBe("pending");
	// The first group's header read, not its end: still no FIN.
	expect(await groups[0]!.message("group", V)).toMatchObject({ subscribeId: 0, sequence: 0 });
	expect(await settledNow(ended)).toBe("pending");
	expect(await groups[0]!.ended()).toBe("fin");
	expect(await settledNow(ended)).toBe("pending");
	// The last group read to its end: the FIN follows.
	expect(await groups[1]!.ended()).toBe("fin");
	expect(await ended).toBe("fin");
});

test("a subscriber that never reads its group streams gets no SUBSCRIBE FIN, and the session still closes", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const session = await accept(server, { publish: origin.consume() });
	const { reader } = await rawBidi(
		() => client.createBidirectionalStream(),
		concat(type(2), encodeSubscribe({ id: 0, broadcast: "room", track: "video", priority: 0, ordered: false, maxLatency: 0, startGroup: 0 }, V)),
	);
	const unis = client.incomingUnidirectionalStreams.getReader();
	track.writeFrame(0, Uint8Array.of(1));
	track.finish();
	expect(await reader.message("subscribeResponse", V)).toEqual({ type: "start", group: 0 });
	expect(await reader.message("subscribeResponse", V)).toEqual({ type: "end", group: 1 });
	await nextGroup(unis);
	const ended = reader.ended();
	expect(await settledNow(ended)).toBe("pending");
	// The publisher's pending close() settles with the session: its serving ends, nothing hangs.
	session.close();
	expect(typeof (await ended)).toBe("number");
	await server.closed;
});
