// TrackProducer.idleFor: idle means no subscription and no open GroupConsumer; closing ends the wait with false.
import { expect, test } from "vitest";
import { BroadcastProducer } from "../../src/model/index.js";

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<"pending">((r) => setTimeout(() => r("pending"), ms))]);

test("idle only once subscribers and readers are gone, for the whole duration", async () => {
	const track = new BroadcastProducer().createTrack("t");
	const sub = await track.consume().subscribe();
	track.writeFrame(0, Uint8Array.of(1));
	const group = (await sub.recvGroup())!;
	expect(await within(track.idleFor(30), 120)).toBe("pending");
	sub.close();
	expect(await within(track.idleFor(30), 120)).toBe("pending"); // the reader is still open
	group.close();
	const start = performance.now();
	expect(await track.idleFor(50)).toBe(true);
	expect(performance.now() - start).toBeGreaterThanOrEqual(45);
});

test("a track that closes while waiting answers false", async () => {
	const track = new BroadcastProducer().createTrack("t");
	const sub = await track.consume().subscribe();
	const waiting = track.idleFor(10_000);
	track.finish();
	sub.close();
	expect(await waiting).toBe(false);
});
