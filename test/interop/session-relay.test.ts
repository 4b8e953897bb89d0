// Our session as a relay between two @moq/net peers: what the upstream announces appears downstream, a
// subscription, fetches and datagrams cross both hops, and an unannounced path is pulled through on demand.
import * as Moq from "@moq/net";
import { expect, test } from "vitest";
import { accept, connect, type Session } from "../../src/lite/index.js";
import { BroadcastProducer, OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { referenceFile, until } from "./session-peers.js";

type Established = Awaited<ReturnType<typeof Moq.Connection.accept>>;
const closers = referenceFile();

const url = new URL("https://relay/");
const scale = Moq.Time.Timescale(1000);

async function relay(): Promise<{ upstream: Established; downstream: Established; sessions: Session[] }> {
	const origin = new OriginProducer();
	const up = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const down = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const sessions = [await accept(up.server, { subscribe: origin }), await accept(down.server, { publish: origin.consume() })];
	const upstream = await Moq.Connection.connect(url, { transport: up.client as unknown as WebTransport });
	const downstream = await Moq.Connection.connect(url, { transport: down.client as unknown as WebTransport });
	closers.push(() => {
		upstream.close();
		downstream.close();
		for (const s of sessions) s.close();
	});
	return { upstream, downstream, sessions };
}

function frame(ts: number, ...bytes: number[]) {
	return { payload: Uint8Array.from(bytes), timestamp: new Moq.Time.Timestamp(ts, scale) };
}

async function read(g: Moq.Group.Consumer): Promise<[number, number[]][]> {
	const out: [number, number[]][] = [];
	for (let f = await g.readFrame(); f; f = await g.readFrame()) out.push([f.timestamp.value, [...f.payload]]);
	return out;
}

test("announce, subscribe and fetch cross the relay", async () => {
	const { upstream, downstream } = await relay();
	const b = new Moq.Broadcast.Producer();
	const track = b.createTrack("video", { timescale: scale });
	const announced = downstream.announced();
	upstream.publish(Moq.Path.from("room"), b);
	expect(await announced.next()).toMatchObject({ path: "room", active: true });
	for (let g = 0; g < 3; g++) {
		const gp = track.appendGroup();
		gp.writeFrame(frame(g * 10, g));
		gp.close();
	}
	const consumer = downstream.consume(Moq.Path.from("room"));
	const sub = consumer.track("video").subscribe();
	await until(() => track.subscription.peek() !== undefined);
	expect((await sub.recvGroup())!.sequence).toBe(2);
	const past = await consumer.track("video").fetchGroup(0);
	expect(await read(past)).toEqual([[0, [0]]]);
	const gp = track.appendGroup();
	gp.writeFrame(frame(30, 3));
	gp.close();
	const live = (await sub.recvGroup())!;
	expect(live.sequence).toBe(3);
	expect(await read(live)).toEqual([[30, [3]]]);
});

test("datagrams cross the relay with their sequence and timestamp", async () => {
	const { upstream, downstream } = await relay();
	const b = new Moq.Broadcast.Producer();
	const track = b.createTrack("audio", { timescale: scale });
	upstream.publish(Moq.Path.from("room"), b);
	const sub = downstream.consume(Moq.Path.from("room")).track("audio").subscribe();
	await until(() => track.subscription.peek() !== undefined);
	const gp = track.appendGroup();
	gp.writeFrame(frame(0, 0));
	gp.close();
	expect((await sub.recvGroup())!.sequence).toBe(0);
	for (let i = 1; i <= 3; i++) {
		expect(track.appendDatagram(new Moq.Time.Timestamp(i * 20, scale), Uint8Array.of(i))).toBe(i);
		const d = (await sub.recvDatagram())!;
		expect([d.sequence, d.timestamp.value, [...d.payload]]).toEqual([i, i * 20, [i]]);
	}
});

test("an unannounced path is pulled through the relay on demand (OriginDynamic at both ends)", async () => {
	// Upstream: our session whose origin serves any path on request and announces nothing.
	const source = new OriginProducer();
	const dynamic = source.dynamic();
	closers.push(() => dynamic.close());
	void (async () => {
		for (;;) {
			const request = await dynamic.requestedBroadcast().catch(() => undefined);
			if (!request) return;
			const b = new BroadcastProducer();
			const track = b.createTrack("video");
			track.writeFrame(5, Uint8Array.of(9, 9));
			track.writeFrame(6, Uint8Array.of(8));
			request.accept(b);
		}
	})();
	const origin = new OriginProducer();
	const up = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const down = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const sessions = [
		await accept(up.server, { publish: source.consume() }),
		await connect(up.client, { subscribe: origin }),
		await accept(down.server, { publish: origin.consume() }),
	];
	const downstream = await Moq.Connection.connect(url, { transport: down.client as unknown as WebTransport });
	closers.push(() => {
		downstream.close();
		for (const s of sessions) s.close();
	});
	// Subscribe first: a fetched group is backfill and never re-delivered live (spec §5.6), so a live
	// group arriving for a sequence the relay already fetched would be refused as a duplicate.
	const track = downstream.consume(Moq.Path.from("hidden/1")).track("video");
	const sub = track.subscribe();
	const live = (await sub.recvGroup())!;
	expect(live.sequence).toBe(1);
	expect(await read(live)).toEqual([[6, [8]]]);
	expect(await read(await track.fetchGroup(0))).toEqual([[5, [9, 9]]]);
});
