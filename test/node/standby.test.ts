// Two clients publish the same path through a relay: the first one's broadcast is served; when it leaves, the
// second takes over (viewers see the path end, then announced again with the new source's content).
import { afterEach, expect, it } from "vitest";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";

const closers: (() => unknown)[] = [];
afterEach(async () => {
	for (const c of closers.splice(0).reverse()) await c();
});

async function client(relay: Endpoint, options: Parameters<typeof connect>[1]): Promise<Session> {
	const session = await connect(await connectWebSocket(`http://127.0.0.1:${relay.port}/`), options);
	closers.push(() => session.close());
	return session;
}

/** A client publishing room/cam whose track "video" writes `label` as one frame per group, every 20 ms. */
async function publisher(relay: Endpoint, label: string): Promise<Session> {
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room/cam").createTrack("video");
	const timer = setInterval(() => track.writeFrame(Date.now(), new TextEncoder().encode(label)), 20);
	closers.push(() => clearInterval(timer));
	return client(relay, { publish: origin.consume() });
}

async function firstFrame(viewer: OriginProducer): Promise<string> {
	const broadcast = await viewer.consume().announcedBroadcast("room/cam", { signal: AbortSignal.timeout(5000) });
	const sub = await broadcast.track("video").subscribe();
	const group = (await sub.recvGroup())!;
	const frame = (await group.readFrame())!;
	group.close();
	sub.close();
	return new TextDecoder().decode(frame.payload);
}

it("a second publisher of a path stands by and takes over when the first leaves", async () => {
	const relay = await listen({ bind: "127.0.0.1:0", origin: new OriginProducer(), quic: false });
	closers.push(() => relay.close());
	const first = await publisher(relay, "first");
	const viewer = new OriginProducer();
	await client(relay, { subscribe: viewer });
	expect(await firstFrame(viewer)).toBe("first");
	await publisher(relay, "second");
	await new Promise((r) => setTimeout(r, 50));
	expect(await firstFrame(viewer)).toBe("first");

	const served = await viewer.consume().announcedBroadcast("room/cam");
	first.close();
	// The viewer sees the first source's broadcast end, then the path announced again, now from the second.
	expect(await served.closed).not.toBeUndefined();
	expect(await firstFrame(viewer)).toBe("second");
});
