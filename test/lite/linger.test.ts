// The track idle linger (spec §5.9): a copy of the peer's track that nobody reads for `trackLinger` is released
// (its handles see Cancel) and the next request asks the peer afresh; a reader still open keeps it.
import { expect, test } from "vitest";
import { CancelError } from "../../src/error.js";
import { accept, connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";

const LINGER = 100;

async function pair() {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const published = new OriginProducer();
	const track = published.createBroadcast("room").createTrack("video");
	const srv = await accept(server, { publish: published.consume() });
	const remote = new OriginProducer();
	const cli = await connect(client, { subscribe: remote, trackLinger: LINGER });
	const broadcast = await remote.consume().announcedBroadcast("room");
	return { track, broadcast, close: () => (cli.close(), srv.close()) };
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<"pending">((r) => setTimeout(() => r("pending"), ms))]);

test("an idle copy is released after the linger; a new subscription gets a fresh one", async () => {
	const { track, broadcast, close } = await pair();
	const handle = broadcast.track("video");
	const sub = await handle.subscribe();
	track.writeFrame(0, Uint8Array.of(1));
	const group = (await sub.recvGroup())!;
	expect((await group.readFrame())!.payload).toEqual(Uint8Array.of(1));
	group.close();
	sub.close();
	const closed = await within(handle.closed, LINGER * 20);
	expect(closed).toBeInstanceOf(CancelError);
	expect((closed as CancelError).message).toMatch(/idle/);

	const again = await broadcast.track("video").subscribe();
	track.writeFrame(1, Uint8Array.of(2));
	expect((await (await again.recvGroup())!.readFrame())!.payload).toEqual(Uint8Array.of(2));
	close();
});

test("an open reader keeps the copy past the linger", async () => {
	const { track, broadcast, close } = await pair();
	const handle = broadcast.track("video");
	const sub = await handle.subscribe();
	track.writeFrame(0, Uint8Array.of(1));
	const group = (await sub.recvGroup())!;
	sub.close();
	// Nobody subscribes, but `group` is still open for reading.
	expect(await within(handle.closed, LINGER * 4)).toBe("pending");
	expect((await group.readFrame())!.payload).toEqual(Uint8Array.of(1));
	group.close();
	expect(await within(handle.closed, LINGER * 20)).toBeInstanceOf(CancelError);
	close();
});
