// Engines: each owns a WASM instance with its own caches, so two relays in one process share no state, and
// model objects reach theirs through their context.
import { afterEach, describe, expect, it } from "vitest";
import { connect, type Session } from "../../src/lite/index.js";
import { Engine, OriginProducer, Pool } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { defaultEngine } from "../../src/wasm/engine.js";
import { track } from "./helpers.js";

const live = (e: Engine): number => e.groups.filter((g) => g !== undefined).length;

const closers: (() => unknown)[] = [];
afterEach(async () => {
	for (const c of closers.splice(0).reverse()) await c();
});

describe("engine", () => {
	it("two engines keep separate caches, slot tables and memory", () => {
		const a = new Engine();
		const b = new Engine();
		const { producer } = track({}, { engine: a });
		const payload = new Uint8Array(64 * 1024);
		for (let i = 0; i < 64; i++) producer.writeFrame(i, payload);
		expect(live(a)).toBe(64);
		expect(live(b)).toBe(0);
		// The same handle numbers mean different tracks in each engine.
		const other = track({}, { engine: b }).producer;
		other.writeFrame(0, new Uint8Array([7]));
		expect(other.latestGroup()!.sequence).toBe(0);
		expect(producer.latestGroup()!.sequence).toBe(63);
	});

	it("a pool belongs to its engine: tracks of another engine are refused it", () => {
		const a = new Engine();
		const pool = new Pool(1024, a);
		expect(track({}, { pool }).producer.name).toBe("video");
		expect(() => track({}, { pool, engine: new Engine() })).toThrow(/another engine/);
		expect(pool.engine).not.toBe(defaultEngine());
	});

	it("two relays in one process, each with its own engine, do not share caches or codec state", async () => {
		const engines = [new Engine(), new Engine()];
		const idle = engines.map((e) => e.codec.at);
		const relays: Endpoint[] = [];
		for (const engine of engines) {
			const relay = await listen({ bind: "127.0.0.1:0", origin: new OriginProducer({ engine }), quic: false });
			closers.push(() => relay.close());
			relays.push(relay);
		}
		const session = async (relay: Endpoint, options: Parameters<typeof connect>[1]): Promise<Session> => {
			const s = await connect(await connectWebSocket(`http://127.0.0.1:${relay.port}/`), options);
			closers.push(() => s.close());
			return s;
		};
		// A publisher on relay 0 only; a viewer of each relay.
		const published = new OriginProducer();
		const video = published.createBroadcast("room/cam").createTrack("video");
		await session(relays[0]!, { publish: published.consume() });
		const viewers = [new OriginProducer(), new OriginProducer()];
		await session(relays[0]!, { subscribe: viewers[0] });
		await session(relays[1]!, { subscribe: viewers[1] });

		const broadcast = await viewers[0]!.consume().announcedBroadcast("room/cam", { signal: AbortSignal.timeout(10_000) });
		const sub = await broadcast.track("video").subscribe();
		video.writeFrame(1, new TextEncoder().encode("hello"));
		const group = (await sub.recvGroup())!;
		expect(new TextDecoder().decode((await group.readFrame())!.payload)).toBe("hello");
		group.close();
		sub.close();

		// Relay 0 cached the group in its engine; relay 1's engine holds nothing.
		expect(live(engines[0]!)).toBeGreaterThan(0);
		expect(live(engines[1]!)).toBe(0);
		// Each relay's sessions encoded (SETUP, stream types) on that relay's engine: its own cursor moved.
		for (const [i, e] of engines.entries()) expect(e.codec.at).not.toBe(idle[i]);
	});
});
