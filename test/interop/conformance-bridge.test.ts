// moq-lite-versions §3.7 / §6 item 19 as named tests: tracks from moq-lite-03/04 publishers (no timestamps, no
// TRACK_INFO) cross our relay to 05 and 06 subscribers stamped with the relay's send time in ms since
// 2020-01-01T00:00Z at timescale 1000, in order and intact; their TRACK_INFO max age is "no limit" (2^53-1)
// clamped by the relay's cache ceiling; the 04 hop list (03: unknown entries) is folded into the chain.
import { afterEach, describe, expect, test } from "vitest";
import { NO_LIMIT_MS } from "../../src/codec/duration.js";
import { connect, type Session } from "../../src/lite/index.js";
import { ManualClock, OriginProducer } from "../../src/model/index.js";
import { EPOCH_2020_MS, systemClock } from "../../src/model/clock.js";
import { Relay } from "../../src/relay/relay.js";
import { limitsWith } from "../../src/relay/limits.js";
import { MemoryTransport } from "../../src/transport/memory.js";

const closers: (() => void)[] = [];
afterEach(() => {
	for (const c of closers.splice(0)) c();
});

function join(relay: Relay, protocol: string, options: Parameters<typeof connect>[1]): Promise<Session> {
	const { client, server } = MemoryTransport.pair({ protocol });
	relay.adopt(server, { address: "memory", transport: "websocket" });
	return connect(client, options).then((s) => {
		closers.push(() => s.close());
		return s;
	});
}

/** A relay on a manual clock, an old publisher of "room" (track "video") and a viewer on `viewerVersion`. */
async function bridge(publisherVersion: string, viewerVersion: string, cacheDuration = 0) {
	const clock = new ManualClock(1_000_000);
	const relay = new Relay({ origin: new OriginProducer({ clock }), limits: limitsWith({ cacheDuration }) });
	closers.push(() => relay.close());
	const source = new OriginProducer();
	const track = source.createBroadcast("room").createTrack("video");
	const publisher = await join(relay, publisherVersion, { publish: source.consume() });
	await relay.origin.consume().announcedBroadcast("room");
	const viewer = new OriginProducer();
	const session = await join(relay, viewerVersion, { subscribe: viewer });
	const room = await viewer.consume().announcedBroadcast("room");
	return { clock, relay, track, publisher, session, room };
}

describe("moq-lite-versions §6.19 bridging 03/04 publishers to 05/06 viewers", () => {
	for (const from of ["moq-lite-03", "moq-lite-04"]) {
		for (const to of ["moq-lite-05", "moq-lite-06"]) {
			test(`§6.19 ${from} publisher → relay → ${to} viewer: timescale 1000, relay-stamped ordered timestamps, frames intact, max age no limit`, async () => {
				const { clock, track, room } = await bridge(from, to);
				const consumer = room.track("video");
				const sub = await consumer.subscribe({});
				expect(await consumer.info()).toMatchObject({ timescale: 1000, latencyMax: NO_LIMIT_MS });
				const got: [number, number, string][] = [];
				for (let g = 0; g < 3; g++) {
					const group = track.appendGroup();
					for (let f = 0; f < 2; f++) group.writeFrame(123_456 + f, new TextEncoder().encode(`g${g}f${f}`));
					group.finish();
					const received = (await sub.recvGroup())!;
					for (let frame = await received.readFrame(); frame; frame = await received.readFrame()) {
						got.push([received.sequence, frame.timestamp, new TextDecoder().decode(frame.payload)]);
					}
					clock.advance(40);
				}
				// The publisher's own timestamps never crossed the 03/04 wire: each frame carries the relay's clock.
				expect(got).toEqual([
					[0, 1_000_000, "g0f0"],
					[0, 1_000_000, "g0f1"],
					[1, 1_000_040, "g1f0"],
					[1, 1_000_040, "g1f1"],
					[2, 1_000_080, "g2f0"],
					[2, 1_000_080, "g2f1"],
				]);
				sub.close();
			});
		}
	}

	test("§6.19 the bridged TRACK_INFO max age is clamped by the relay's cache ceiling", async () => {
		const { room } = await bridge("moq-lite-04", "moq-lite-06", 10_000);
		expect(await room.track("video").info()).toMatchObject({ timescale: 1000, latencyMax: 10_000 });
	});

	test("§6.19 the 04 hop list is folded into our chain; 03 hops count as unknown entries", async () => {
		for (const [from, first] of [["moq-lite-04", "publisher"], ["moq-lite-03", 0]] as const) {
			const { publisher, session, room } = await bridge(from, "moq-lite-05");
			const relayHop = (await session.peerSetup).origin;
			expect(room.hops).toEqual([first === "publisher" ? publisher.origin : 0, relayHop]);
		}
	});

	test("the default TRACK_INFO max age is no limit (2^53-1): idle groups stay cached however long, and no timer is armed", async () => {
		const clock = new ManualClock();
		const track = new OriginProducer({ clock }).createBroadcast("room").createTrack("video");
		expect(track.info.latencyMax).toBe(NO_LIMIT_MS);
		for (let g = 0; g < 3; g++) track.writeFrame(g, Uint8Array.of(g));
		expect(clock.pending).toBe(0);
		clock.advance(10 * 365 * 24 * 3600 * 1000);
		track.writeFrame(3, Uint8Array.of(3));
		expect((await (await track.consume().fetchGroup(0)).readFrame())?.payload).toEqual(Uint8Array.of(0));
	});

	test("the model clock reads milliseconds since 2020-01-01T00:00Z, the relay's stamping epoch", () => {
		expect(EPOCH_2020_MS).toBe(Date.parse("2020-01-01T00:00:00Z"));
		// Not a race: the two clocks are the same wall time read twice; they differ by the run time only.
		expect(Math.abs(systemClock.now() - (Date.now() - EPOCH_2020_MS))).toBeLessThan(60_000);
	});
});
