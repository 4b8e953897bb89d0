// A subscriber that grants no stream slots for a while: the publisher keeps at most a bounded set of groups
// waiting (the oldest are dropped, a gap the subscriber sees), and the newest group still arrives afterwards.
import { expect, test } from "vitest";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";

test("groups waiting for a stream slot are bounded; the newest survives the stall", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	// The server's uni stream opens wait on a gate while it is closed, as when the peer grants no more streams.
	let open = () => {};
	let gate = Promise.resolve();
	const createUni = server.createUnidirectionalStream.bind(server);
	const createWriter = server.createUnidirectionalWriter.bind(server);
	let opens = 0;
	server.createUnidirectionalStream = async (options) => {
		opens++;
		await gate;
		return createUni(options);
	};
	// Group streams take the bare writer.
	server.createUnidirectionalWriter = async (options) => {
		opens++;
		await gate;
		return createWriter(options);
	};
	const published = new OriginProducer();
	const track = published.createBroadcast("room").createTrack("video");
	const srv = await accept(server, { publish: published.consume() });
	const remote = new OriginProducer();
	const cli = await connect(client, { subscribe: remote });
	const sub = await (await remote.consume().announcedBroadcast("room")).track("video").subscribe();
	// The first group lands before the stall, so the subscription is in place.
	track.writeFrame(0, Uint8Array.of(0));
	expect((await sub.recvGroup())!.sequence).toBe(0);

	gate = new Promise<void>((r) => (open = r));
	const opensBefore = opens;
	for (let g = 1; g <= 500; g++) track.writeFrame(g, Uint8Array.of(g & 0xff));
	await new Promise((r) => setTimeout(r, 20));
	// One pending open per waiting group, and no more waiting groups than the bound.
	expect(opens - opensBefore).toBeLessThanOrEqual(32);
	open();

	const received: number[] = [];
	for (;;) {
		const group = await Promise.race([sub.recvGroup(), new Promise<undefined>((r) => setTimeout(r, 300))]);
		if (!group) break;
		received.push(group.sequence);
	}
	expect(received.length).toBeGreaterThan(0);
	expect(received.length).toBeLessThanOrEqual(32);
	expect(received.at(-1)).toBe(500);
	cli.close();
	await srv.closed;
});
