// Two relays in a chain (client → B → upstream A): A's announced broadcasts reach B's clients, an unannounced path
// that only A's origin can serve is pulled through B on demand, and B reconnects when A comes back.
import { afterEach, describe, expect, it } from "vitest";
import { connect, type Session } from "../../src/lite/index.js";
import { BroadcastProducer, OriginProducer } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";

const closers: (() => unknown)[] = [];
afterEach(async () => {
	for (const c of closers.splice(0).reverse()) await c();
});

async function relay(origin: OriginProducer, upstream?: string): Promise<Endpoint> {
	const endpoint = await listen({ bind: "127.0.0.1:0", origin, quic: false, ...(upstream ? { upstream } : {}) });
	closers.push(() => endpoint.close());
	return endpoint;
}

async function client(port: number, options: Parameters<typeof connect>[1]): Promise<Session> {
	const session = await connect(await connectWebSocket(`http://127.0.0.1:${port}/`), options);
	closers.push(() => session.close());
	return session;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("relay chain", () => {
	it("carries announced broadcasts down and pulls unannounced paths up on demand", async () => {
		// Relay A: a client publishes live/cam; A's own origin serves vod/* on request only.
		const originA = new OriginProducer();
		const vod = originA.dynamic();
		closers.push(() => vod.close());
		void (async () => {
			for (;;) {
				const request = await vod.requestedBroadcast().catch(() => undefined);
				if (!request) return;
				const b = new BroadcastProducer();
				b.createTrack("video").writeFrame(1, new TextEncoder().encode(`vod ${request.path}`));
				request.accept(b);
			}
		})();
		const a = await relay(originA);
		const live = new OriginProducer();
		const cam = live.createBroadcast("live/cam").createTrack("video");
		await client(a.port, { publish: live.consume() });

		// Relay B links to A; a viewer connects to B.
		const b = await relay(new OriginProducer(), `http://127.0.0.1:${a.port}/`);
		await b.upstream!.connected;
		const seen = new OriginProducer();
		await client(b.port, { subscribe: seen });

		const found = await seen.consume().announcedBroadcast("live/cam");
		const sub = await found.track("video").subscribe();
		cam.writeFrame(10, new TextEncoder().encode("live frame"));
		expect(text((await (await sub.recvGroup())!.readFrame())!.payload)).toBe("live frame");

		const pulled = await seen.consume().requestBroadcast("vod/42");
		const vsub = await pulled.track("video").subscribe({ startGroup: 0 });
		expect(text((await (await vsub.recvGroup())!.readFrame())!.payload)).toBe("vod vod/42");
	});

	it("reconnects to the upstream after it restarts", async () => {
		const a1 = await relay(new OriginProducer());
		const port = a1.port;
		const b = await relay(new OriginProducer(), `http://127.0.0.1:${port}/`);
		const first = await b.upstream!.connected;
		await a1.close();
		await first.closed;
		// A comes back on the same port with a broadcast; B's link finds it again.
		const originA = new OriginProducer();
		originA.createBroadcast("back/again");
		const a2 = await listen({ bind: `127.0.0.1:${port}`, origin: originA, quic: false });
		closers.push(() => a2.close());
		const seen = new OriginProducer();
		await client(b.port, { subscribe: seen });
		await expect(seen.consume().announcedBroadcast("back/again", { signal: AbortSignal.timeout(10_000) })).resolves.toBeDefined();
	});
});
