// Bounded latency per subscriber (issue 10): a group still queued for a subscriber that reads too slowly is
// dropped (its stream reset with Old, 2) once it lags more than the subscription's latencyMax behind the newest,
// so the subscriber sees a gap, not the whole backlog first, and the newest group flows.
import { afterEach, expect, it } from "vitest";
import { ErrorCode } from "../../src/error.js";
import { memoryRig, type Rig, subscribeBytes, webSocketRig } from "./rig.js";

let rig: Rig | undefined;
afterEach(async () => {
	await rig?.close();
	rig = undefined;
});

it.each([
	["memory", memoryRig],
	["WebSocket", webSocketRig],
])("%s: a finished group stuck behind a stalled reader is reset with Old once it lags past latencyMax", async (_, factory) => {
	rig = await factory({ readUnis: false });
	const r = rig;
	const LATENCY_MAX = 100;
	const track = r.origin.createBroadcast("live").createTrack("v", { latencyMax: LATENCY_MAX });
	await r.peer.bidi(subscribeBytes(1, "live", "v"));
	await track.used();
	// More than any stream window: most of it stays queued while the peer reads nothing.
	const stale = track.appendGroup();
	for (let i = 0; i < 200; i++) stale.writeFrame(i, new Uint8Array(64 * 1024));
	stale.finish();
	// It lags as time passes: well past latencyMax when the next group arrives.
	await new Promise((resolve) => setTimeout(resolve, 10 * LATENCY_MAX));
	const fresh = track.appendGroup();
	fresh.writeFrame(1000, Uint8Array.of(2));
	fresh.finish();
	r.peer.resume();
	expect(await (await r.peer.group(1)).ended()).toBe(ErrorCode.Old);
	expect(await (await r.peer.group(1)).ended()).toBe("fin");
});
