// Hostile peers (spec §3.12 codes, §4.7 matrix) against our publishing session, over MemoryTransport and over a
// real loopback WebSocket to `listen()`. Each case: the bad stream is reset/stopped with the spec's code, the
// session stays up and completes a normal subscribe afterwards, and the heap returns to its baseline.
import { afterEach, describe, expect, it } from "vitest";
import { encodeAnnounceRequest, encodeFetch, encodeSubscribeUpdate, encodeTrackRequest, encodeVarint } from "../../src/codec/index.js";
import { ErrorCode } from "../../src/error.js";
import { concat, stopped, type } from "../lite/helpers.js";
import { settledHeap } from "./gc.js";
import { healthy, memoryRig, type Rig, type RigFactory, subscribeBytes, V, webSocketRig } from "./rig.js";

const MAX_U62 = 2n ** 62n - 1n;
const MiB = 1024 * 1024;

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.close();
	rig = undefined;
});

/** Heap growth across `attack` (and whatever cleanup it does), measured after a warm-up subscribe. */
async function heapAfter(r: Rig, attack: () => Promise<void>): Promise<number> {
	await healthy(r);
	const before = settledHeap();
	await attack();
	// A whole subscribe on the same session after the attack: what the attack left to clean up came first.
	await healthy(r);
	return settledHeap() - before;
}

/** For the tests that push thousands of streams: CPU-bound work a busy machine stretches well past the default. */
const HEAVY = 90_000;

const RIGS: [string, RigFactory][] = [
	["memory", memoryRig],
	["websocket", webSocketRig],
];

describe.each(RIGS)("hostile peer over %s", (_name, make) => {
	it("garbage stream types: bidi reset with 0, uni stopped with 0; a cut type is a decode failure (0)", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			// Unused bidi types, the historical session type 0 and 8-byte types.
			const types = [0, 7, 0x20, 0x21, 0x3f, 0x40, 16383, 2 ** 30, 2 ** 53 - 1, MAX_U62];
			for (const t of types) {
				const { reader, writer } = await r.peer.bidi(concat(encodeVarint(t), Uint8Array.of(1, 2, 3)));
				expect(await reader.ended(), `bidi type ${t}`).toBe(ErrorCode.Internal);
				expect(await stopped(writer)).toBe(ErrorCode.Internal);
			}
			for (const t of [2, 3, 0x40, MAX_U62]) {
				const uni = (await r.peer.transport.createUnidirectionalStream()).getWriter();
				await uni.write(concat(encodeVarint(t), Uint8Array.of(9, 9)));
				expect(await stopped(uni), `uni type ${t}`).toBe(ErrorCode.Internal);
			}
			// Half a varint, then FIN.
			const { reader, writer } = await r.peer.bidi(Uint8Array.of(0xc0, 0));
			await writer.close();
			expect(await reader.ended()).toBe(ErrorCode.Internal);
		});
		expect(grew).toBeLessThan(3 * MiB);
	});

	it("a length prefix claiming 2^62-1 bytes: reset with BoundsExceeded (11) from 9 bytes, nothing buffered", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			for (const t of [1, 2, 3, 6]) {
				const { reader } = await r.peer.bidi(concat(type(t), encodeVarint(MAX_U62)));
				expect(await reader.ended(), `stream type ${t}`).toBe(ErrorCode.Internal);
			}
			// SETUP on its uni stream.
			const uni = (await r.peer.transport.createUnidirectionalStream()).getWriter();
			await uni.write(concat(type(1), encodeVarint(MAX_U62)));
			expect(await stopped(uni)).toBe(ErrorCode.Internal);
		});
		expect(grew).toBeLessThan(2 * MiB);
	});

	it("thousands of streams, each stalled half-way through a SUBSCRIBE, then reset: the session serves on, memory returns", async () => {
		rig = await make();
		const r = rig;
		// The in-memory transport has no stream credit: all at once. QMux grants 100 open streams, replenished in halves: waves of 45.
		const n = r.name === "memory" ? 3000 : 1800;
		const wave = Math.min(n, r.maxConcurrent);
		const half = subscribeBytes(1).subarray(0, 8);
		const grew = await heapAfter(r, async () => {
			for (let done = 0; done < n; done += wave) {
				const open = [];
				for (let i = 0; i < wave; i++) open.push(await r.peer.bidi(half));
				if (done === 0 && r.maxConcurrent === Number.POSITIVE_INFINITY) await healthy(r);
				for (const s of open) {
					await s.writer.abort(new Error("gone"));
					await s.reader.ended(); // our side answers the reset by resetting its half
				}
			}
		});
		expect(grew).toBeLessThan(3 * MiB);
	}, HEAVY);

	it("thousands of TRACK requests are all answered", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			const n = r.name === "memory" ? 2000 : 900;
			const wave = Math.min(n, r.maxConcurrent);
			let answered = 0;
			for (let done = 0; done < n; done += wave) {
				const streams = await Promise.all(Array.from({ length: wave }, () => r.peer.bidi(concat(type(6), encodeTrackRequest({ broadcast: "room", track: "video" }, V)))));
				for (const s of streams) {
					if ((await s.reader.message("trackInfo", V)).timescale === 1000) answered++;
					await s.writer.close();
					expect(await s.reader.ended()).toBe("fin");
				}
			}
			expect(answered).toBe(n);
		});
		expect(grew).toBeLessThan(3 * MiB);
	}, HEAVY);

	it("half a SUBSCRIBE then a stall: the stream waits, others work, session close settles it", async () => {
		rig = await make();
		const r = rig;
		const { reader } = await r.peer.bidi(subscribeBytes(7).subarray(0, 5));
		await healthy(r);
		const ended = reader.ended();
		r.session().close(ErrorCode.Cancel);
		// Settled by the close (the test's timeout is the safety net): a reset, not a FIN.
		expect(await ended).not.toBe("fin");
	});

	it("a subscriber resetting its SUBSCRIBE mid-message, and mid-subscription: that stream only", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			const cut = await r.peer.bidi(subscribeBytes(8).subarray(0, 6));
			await cut.writer.abort(new Error("reset mid-message"));
			const live = await r.peer.bidi(subscribeBytes(9));
			// The subscription is being served once its response arrives.
			expect((await live.reader.message("subscribeResponse", V)).type).toBe("start");
			await live.writer.abort(new Error("reset mid-subscription"));
		});
		expect(grew).toBeLessThan(3 * MiB);
	});

	// Spec §3.4: ids are unique per session; a second live SUBSCRIBE with the same id would make its group
	// streams indistinguishable from the first's.
	it("a second SUBSCRIBE with a live id: reset with Duplicate (12), the first keeps working", async () => {
		rig = await make();
		const r = rig;
		const first = await r.peer.bidi(subscribeBytes(42));
		// The first is live (its id taken) once the track has its subscriber.
		await r.track.used();
		const second = await r.peer.bidi(subscribeBytes(42));
		expect(await second.reader.ended()).toBe(ErrorCode.Internal);
		// (Shaped like healthy()'s frames: its subscription may start at this newest group.)
		r.track.writeFrame(0, new TextEncoder().encode("hello 42"));
		const g = await r.peer.group(42);
		expect(await g.ended()).toBe("fin");
		await first.writer.close();
		await healthy(r);
	});

	it("absurd sequences: FETCH 2^62-1 -> 11, FETCH 2^53-1 and past the final -> NotFound (13), SUBSCRIBE from 2^62-2 -> 11", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			const fetch = (group: number | bigint, track = "video") =>
				r.peer.bidi(concat(type(3), encodeFetch({ broadcast: "room", track, priority: 0, group }, V)));
			expect(await (await fetch(MAX_U62)).reader.ended()).toBe(ErrorCode.Internal);
			expect(await (await fetch(2 ** 53 - 1)).reader.ended()).toBe(ErrorCode.NotFound);
			const sub = await r.peer.bidi(subscribeBytes(50, "room", "video", { startGroup: MAX_U62 - 1n }));
			expect(await sub.reader.ended()).toBe(ErrorCode.Internal);
			// A finished track: a fetch at or past its final sequence is NotFound.
			const done = r.origin.createBroadcast("done").createTrack("t");
			done.writeFrame(0, Uint8Array.of(1));
			done.finish();
			const past = await r.peer.bidi(concat(type(3), encodeFetch({ broadcast: "done", track: "t", priority: 0, group: 5 }, V)));
			expect(await past.reader.ended()).toBe(ErrorCode.NotFound);
			const ok = await r.peer.bidi(concat(type(3), encodeFetch({ broadcast: "done", track: "t", priority: 0, group: 0 }, V)));
			expect(await ok.reader.ended()).toBe("fin");
			expect(ok.reader.decoder.frames(V).map((f) => [...f.payload])).toEqual([[1]]);
		});
		expect(grew).toBeLessThan(3 * MiB);
	});

	it("paths: `..` is a plain segment (never resolved), empty segments normalize, 33 segments -> BoundsExceeded (11)", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			r.origin.createBroadcast("secret").createTrack("video");
			// "room/../secret" must not reach "secret": it names a broadcast nobody publishes.
			const dots = await r.peer.bidi(concat(type(6), encodeTrackRequest({ broadcast: "room/../secret", track: "video" }, V)));
			expect(await dots.reader.ended()).toBe(ErrorCode.Unroutable);
			const up = await r.peer.bidi(concat(type(6), encodeTrackRequest({ broadcast: "..", track: "video" }, V)));
			expect(await up.reader.ended()).toBe(ErrorCode.Unroutable);
			// "/room//" is "room" (spec §2.5).
			const slashy = concat(encodeVarint(7), new TextEncoder().encode("/room//"), encodeVarint(5), new TextEncoder().encode("video"));
			const slashes = await r.peer.bidi(concat(type(6), encodeVarint(slashy.byteLength), slashy));
			expect((await slashes.reader.message("trackInfo", V)).timescale).toBe(1000);
			// 33 segments, on TRACK and on ANNOUNCE_REQUEST (built by hand: our encoder refuses them).
			const long = new TextEncoder().encode(Array(33).fill("a").join("/"));
			const body = concat(encodeVarint(long.byteLength), long, encodeVarint(1), Uint8Array.of(0x76));
			const track = await r.peer.bidi(concat(type(6), encodeVarint(body.byteLength), body));
			expect(await track.reader.ended()).toBe(ErrorCode.Internal);
			const areq = concat(encodeVarint(long.byteLength), long, encodeVarint(0));
			const announce = await r.peer.bidi(concat(type(1), encodeVarint(areq.byteLength), areq));
			expect(await announce.reader.ended()).toBe(ErrorCode.Internal);
			// An announce prefix with `..` sees nothing outside it.
			const scoped = await r.peer.bidi(concat(type(1), encodeAnnounceRequest({ prefix: "nothing/..", excludeHop: 0 }, V)));
			expect(await scoped.reader.message("announceOk", V)).toMatchObject({ activeCount: 0 });
		});
		expect(grew).toBeLessThan(3 * MiB);
	});

	it("thousands of uni streams of unknown types, and a FETCH reset mid-reply: each stopped, the session serves on", async () => {
		rig = await make();
		const r = rig;
		const n = r.name === "memory" ? 2000 : 450;
		const wave = Math.min(n, r.maxConcurrent);
		const grew = await heapAfter(r, async () => {
			for (let done = 0; done < n; done += wave) {
				const writers = [];
				for (let i = 0; i < wave; i++) {
					const uni = (await r.peer.transport.createUnidirectionalStream()).getWriter();
					await uni.write(concat(encodeVarint(0x30 + (i % 8)), new Uint8Array(100)));
					writers.push(uni);
				}
				for (const w of writers) expect(await stopped(w)).toBe(ErrorCode.Internal);
			}
			// A cached group of 1000 frames of 4 KiB (more than any stream window), fetched and abandoned early.
			const big = r.origin.createBroadcast("big").createTrack("t");
			const g = big.appendGroup();
			for (let i = 0; i < 1000; i++) g.writeFrame(i, new Uint8Array(4096));
			g.finish();
			const fetch = await r.peer.bidi(concat(type(3), encodeFetch({ broadcast: "big", track: "t", priority: 0, group: 0 }, V)));
			await fetch.reader.varint(); // the first frame's timestamp: the reply is flowing
			await fetch.writer.abort(new Error("reset mid-reply"));
			// The publisher gives up the reply: reset with Cancel, not run to the end.
			expect(await fetch.reader.ended()).toBe(ErrorCode.Cancel);
		});
		expect(grew).toBeLessThan(3 * MiB);
	}, HEAVY);

	it("a flood of 20,000 SUBSCRIBE_UPDATEs: applied in order, the subscription keeps delivering, memory returns", async () => {
		rig = await make();
		const r = rig;
		const grew = await heapAfter(r, async () => {
			const { reader, writer } = await r.peer.bidi(subscribeBytes(60));
			const updates = Array.from({ length: 20_000 }, (_, i) => encodeSubscribeUpdate({ priority: i % 200, ordered: i % 2 === 0, maxLatency: i }, V));
			// The last one is distinct, so the publisher's aggregate shows when everything was read and applied.
			updates.push(encodeSubscribeUpdate({ priority: 201, ordered: true, maxLatency: 1234 }, V));
			for (let i = 0; i < updates.length; i += 1000) await writer.write(concat(...updates.slice(i, i + 1000)));
			// Checked and re-armed in one turn, so no change can slip between them.
			while (r.track.subscription?.priority !== 201) await r.track.subscriptionChanged();
			expect(r.track.subscription).toMatchObject({ priority: 201, ordered: true, latencyMax: 1234 });
			r.track.writeFrame(0, new TextEncoder().encode("hello 0"));
			const g = await r.peer.group(60);
			expect(await g.ended()).toBe("fin");
			await writer.close();
			expect(await reader.ended()).toBe("fin");
		});
		expect(grew).toBeLessThan(3 * MiB);
	}, HEAVY);
});

describe("SUBSCRIBE_UPDATE flood before the track's info is known", () => {
	// While a SUBSCRIBE waits for the publisher to accept the track, its updates are queued to be applied later.
	// Each update replaces all five fields (spec §3.4), so only the last one (and the last start group) matters:
	// 200,000 of them must not be kept.
	it("200,000 updates to a subscription still waiting for its info: the publisher's memory stays flat", async () => {
		rig = await memoryRig();
		const r = rig;
		// A broadcast whose tracks are served on request; this request is never answered.
		const slow = r.origin.createBroadcast("slow");
		const handler = slow.dynamic();
		const grew = await heapAfter(r, async () => {
			const { writer } = await r.peer.bidi(subscribeBytes(70, "slow", "never"));
			const update = encodeSubscribeUpdate({ priority: 3, ordered: false, maxLatency: 10 }, V);
			const batch = concat(...Array.from({ length: 100 }, () => update));
			// In 2000 writes: the in-memory stream holds 64 chunks before a write waits for the reader, so once the
			// last write is taken at least 193,600 updates were read (the stream is not stalled).
			for (let i = 0; i < 2000; i++) await writer.write(batch);
			// Measured while that subscription still waits.
		});
		handler.close();
		expect(grew).toBeLessThan(3 * MiB);
	}, HEAVY);
});
