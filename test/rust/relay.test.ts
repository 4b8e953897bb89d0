// moq-relay (the Rust reference, from crates.io) between our client and @moq/net, over every transport both
// sides share: our client publishes and ours + @moq/net subscribe, and the reverse; announce discovery, live
// groups intact, FETCH of a past group beside the live subscription, unsubscribe, a missing broadcast/track.
import * as Moq from "@moq/net";
import { describe, expect, it } from "vitest";
import { ErrorCode, MoqError } from "../../src/error.js";
import type { GroupConsumer, TrackProducer } from "../../src/model/index.js";
import { TRANSPORTS, frame, ours, theirs } from "./peers.js";
import { relayPerBlock, rustSuite } from "./suite.js";

const { relays, cleanup } = rustSuite("relay");

const text = (b: Uint8Array) => new TextDecoder().decode(b);

async function frames(g: GroupConsumer): Promise<string[]> {
	const out: string[] = [];
	for (let f = await g.readFrame(); f; f = await g.readFrame()) out.push(`${f.timestamp}:${text(f.payload)}`);
	return out;
}

async function theirFrames(g: Moq.Group.Consumer): Promise<string[]> {
	const out: string[] = [];
	for (let f = await g.readFrame(); f; f = await g.readFrame()) out.push(`${f.timestamp.value}:${text(f.payload)}`);
	return out;
}

/** Group `seq` of `track`: three frames, 10 ms apart. */
function writeGroup(track: TrackProducer, seq: number): void {
	const g = track.createGroup(seq);
	for (let i = 0; i < 3; i++) g.writeFrame(seq * 100 + i * 10, new TextEncoder().encode(`g${seq}f${i}`));
	g.finish();
}
const expected = (seq: number) => [0, 1, 2].map((i) => `${seq * 100 + i * 10}:g${seq}f${i}`);

for (const { pin, bin } of relays) {
	describe(`moq-relay ${pin.version}`, () => {
		const shared = relayPerBlock(bin);

		for (const t of TRANSPORTS) {
			describe(`over ${t}`, () => {
				it("our publisher → moq-relay → our subscriber and @moq/net: announce, live groups, FETCH, unsubscribe", async () => {
					const pub = await ours(shared(), t);
					cleanup.push(() => pub.session.close());
					const path = `ours-${t}`;
					const broadcast = pub.published.createBroadcast(path);
					const track = broadcast.createTrack("video", { timescale: 1000 });
					writeGroup(track, 0);
					writeGroup(track, 1);

					const sub = await ours(shared(), t);
					cleanup.push(() => sub.session.close());
					const announced = sub.remote.consume().announced();
					// Other tests' broadcasts on this relay may be listed too: look for ours.
					for (let a = await announced.next(); a?.path !== path; a = await announced.next()) expect(a).toBeDefined();
					const found = await sub.remote.consume().announcedBroadcast(path);
					const live = await found.track("video").subscribe();
					await track.used();
					// A subscription starts at the latest group, intact.
					const first = (await live.recvGroup())!;
					expect([first.sequence, await frames(first)]).toEqual([1, expected(1)]);

					const them = await theirs(shared(), t);
					cleanup.push(() => them.close());
					const theirTrack = them.consume(Moq.Path.from(path)).subscribe("video");
					writeGroup(track, 2);
					const next = (await live.recvGroup())!;
					expect([next.sequence, await frames(next)]).toEqual([2, expected(2)]);
					let g = (await theirTrack.recvGroup())!;
					// @moq/net may see group 1 first if it subscribed before group 2 was written.
					if (g.sequence === 1) g = (await theirTrack.recvGroup())!;
					expect([g.sequence, await theirFrames(g)]).toEqual([2, expected(2)]);

					// FETCH a past group while the live subscription runs.
					const past = await found.track("video").fetchGroup(0);
					expect(await frames(past)).toEqual(expected(0));

					// Both viewers leave: the relay ends its upstream subscription.
					live.close();
					theirTrack.close();
					await track.unused();
					announced.close();
				});

				it("@moq/net publisher → moq-relay → our subscriber: announce, live groups, FETCH", async () => {
					const them = await theirs(shared(), t);
					cleanup.push(() => them.close());
					const path = `theirs-${t}`;
					const broadcast = new Moq.Broadcast.Producer();
					const track = broadcast.createTrack("audio", { timescale: Moq.Time.Timescale(1000) });
					them.publish(Moq.Path.from(path), broadcast);
					const write = (seq: number) => {
						const g = track.appendGroup();
						for (let i = 0; i < 3; i++) g.writeFrame(frame(seq * 100 + i * 10, `g${seq}f${i}`));
						g.close();
					};
					write(0);
					write(1);

					const sub = await ours(shared(), t);
					cleanup.push(() => sub.session.close());
					const found = await sub.remote.consume().announcedBroadcast(path);
					const live = await found.track("audio").subscribe();
					const first = (await live.recvGroup())!;
					expect([first.sequence, await frames(first)]).toEqual([1, expected(1)]);
					write(2);
					const next = (await live.recvGroup())!;
					expect([next.sequence, await frames(next)]).toEqual([2, expected(2)]);
					const past = await found.track("audio").fetchGroup(0);
					expect(await frames(past)).toEqual(expected(0));
					live.close();
				});

				it("a missing broadcast and a missing track are refused with the renumbered codes", async () => {
					const pub = await ours(shared(), t);
					cleanup.push(() => pub.session.close());
					const path = `known-${t}`;
					pub.published.createBroadcast(path).createTrack("video", { timescale: 1000 });
					const sub = await ours(shared(), t);
					cleanup.push(() => sub.session.close());

					const nowhere = await sub.remote.consume().requestBroadcast(`nowhere-${t}`);
					const unroutable = await nowhere.track("video").subscribe().catch((e: unknown) => e);
					expect(unroutable).toBeInstanceOf(MoqError);
					// moq-relay answers an unannounced path with UNROUTABLE (0x36) on a 05 session too.
					expect((unroutable as MoqError).code).toBe(0x36);

					const known = await sub.remote.consume().announcedBroadcast(path);
					const missing = await known.track("nothing").subscribe().catch((e: unknown) => e);
					expect(missing).toBeInstanceOf(MoqError);
					// Our publisher refuses the track with NOT_FOUND (0x33), which moq-relay passes through. On raw QUIC both
					// sides put stream codes in the WebTransport range (web-transport-moq's Session::raw does; so do we).
					expect((missing as MoqError).code).toBe(ErrorCode.NotFound);
				});
			});
		}
	});
}

