// Backpressure (issue 5): a subscriber that stops reading must not make the publisher buffer without bound. Over a
// real loopback WebSocket (QMux flow control, the listen() endpoint publishing), a stalled peer gets groups of
// 64 KiB at 200/s for 5 s (~62 MiB): the publisher's memory stays bounded, and once the peer reads again it
// sees a gap — the oldest and the newest groups, not everything in between — with the newest delivered.
import { afterEach, expect, it } from "vitest";
import { settledHeap } from "./gc.js";
import { type Rig, subscribeBytes, webSocketRig } from "./rig.js";

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.close();
	rig = undefined;
});

it("a stalled subscriber: bounded publisher memory, then a gap with the newest group delivered", async () => {
	rig = await webSocketRig({ readUnis: false });
	const r = rig;
	// Groups idle for 500 ms leave the publisher's cache (spec §5.8), so only the transport could pin them.
	const track = r.origin.createBroadcast("live").createTrack("v", { latencyMax: 500 });
	// Live memory (after a full collection): the JS heap plus the ArrayBuffers behind the payloads.
	const live = () => settledHeap() + process.memoryUsage().arrayBuffers;
	const base = live();
	const { writer } = await r.peer.bidi(subscribeBytes(1, "live", "v"));
	await track.used();
	const GROUPS = 1000;
	// Live memory every 100 groups: it must level off, not grow with what was produced.
	const samples: number[] = [];
	for (let i = 0; i < GROUPS; i++) {
		// A fresh payload each time: a group the publisher kept alive would show in arrayBuffers.
		track.writeFrame(i, new Uint8Array(64 * 1024).fill(i & 0xff));
		if (i % 5 === 4) await sleep(25);
		if (i % 100 === 99) samples.push((live() - base) / MiB);
	}
	const produced = (GROUPS * 64 * 1024) / MiB;
	const settled = (live() - base) / MiB;
	const peak = Math.max(...samples);
	console.log(`stalled subscriber: ${produced.toFixed(1)} MiB produced; live MiB every 100 groups: ${samples.map((x) => x.toFixed(1)).join(" ")}; after ${settled.toFixed(1)}`);
	expect(produced).toBeGreaterThan(60);
	// Transport windows and the groups of the last latencyMax only: a fraction of what was produced, level
	// in the second half (a publisher pinning every group grew to all of it: 42 MiB of 37 before the fix).
	expect(peak).toBeLessThan(24);
	expect(Math.max(...samples.slice(5))).toBeLessThan(Math.max(...samples.slice(0, 5)) + 4);
	expect(settled).toBeLessThan(24);
	expect(r.peer.groupsSeen).toBe(0);

	// The peer reads again: it accepts group streams and drains each one until the newest has arrived (the test's
	// timeout is the safety net).
	r.peer.resume();
	while (!r.peer.arrived.get(1)?.includes(GROUPS - 1)) void (await r.peer.group(1)).ended();
	const got = r.peer.arrived.get(1) ?? [];
	expect(new Set(got).size).toBe(got.length);
	// A gap: the newest was not queued behind every stale group; they were dropped instead.
	expect(got.length).toBeLessThan(GROUPS / 2);
	await writer.close();
}, 60_000);
