import { expect, test } from "vitest";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";

test("our client ↔ our server: announce, subscribe, groups", async () => {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const published = new OriginProducer();
	const broadcast = published.createBroadcast("room");
	const track = broadcast.createTrack("video", { timescale: 90000 });
	const remote = new OriginProducer();
	const srv = await accept(server, { publish: published.consume() });
	const cli = await connect(client, { subscribe: remote });
	const b = await remote.consume().announcedBroadcast("room");
	const sub = await b.track("video").subscribe();
	expect(sub.info.timescale).toBe(90000);
	await new Promise((r) => setTimeout(r, 10));
	for (let g = 0; g < 3; g++) {
		const gp = track.appendGroup();
		gp.writeFrame(1000 + g, Uint8Array.of(g, 1));
		gp.writeFrame(900 + g, Uint8Array.of(g, 2));
		gp.finish();
	}
	for (let g = 0; g < 3; g++) {
		const group = (await sub.recvGroup())!;
		expect(group.sequence).toBe(g);
		const f1 = (await group.readFrame())!;
		const f2 = (await group.readFrame())!;
		expect([f1.timestamp, [...f1.payload]]).toEqual([1000 + g, [g, 1]]);
		expect([f2.timestamp, [...f2.payload]]).toEqual([900 + g, [g, 2]]);
		expect(await group.readFrame()).toBeUndefined();
	}
	cli.close();
	await srv.closed;
});
