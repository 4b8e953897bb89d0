// The per-session limits (src/lite/session-limits.ts) on our own accepted sessions, each hit by a raw peer: the
// request is reset or the session closed with the table's code, one log line says which limit, and the session
// (or the next one) keeps serving. The process-level attacks against the CLI are in ./relay.attack.test.ts.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { encodeFetch } from "../../src/codec/index.js";
import { connect } from "../../src/lite/index.js";
import { accept } from "../../src/lite/connect.js";
import { type SessionLimits, timerDelay } from "../../src/lite/session-limits.js";
import { OriginProducer } from "../../src/model/index.js";
import { DEFAULT_LIMITS, LIMITS } from "../../src/relay/limits.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import { offeredSubprotocols } from "../../src/transport/websocket/subprotocol.js";
import { RawPeer, subscribeBytes, V } from "../hardening/rig.js";
import { concat, type } from "../lite/helpers.js";
import { closeCode, sendSetup } from "./rig.js";

const code = (name: string) => LIMITS.find((l) => l.name === name)!.code;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
	for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** Our session serving room/video to a raw peer over a MemoryTransport pair, with `limits`; `lines` is its log.
 * `readUnis: false`: the peer never accepts a group stream (a stalled subscriber). */
async function served(limits: SessionLimits, peerOptions: { readUnis?: boolean } = {}) {
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const lines: string[] = [];
	const session = await accept(server, { publish: origin.consume(), subscribe: new OriginProducer(), pull: false, limits, log: (l) => lines.push(l) });
	cleanups.push(() => session.close());
	return { origin, track, client, session, lines, peer: new RawPeer(client, peerOptions) };
}

/** A relay-side session taking a publishing peer's broadcasts into `relay`, with `limits`; the peer publishes `mine`. */
async function relayed(limits: SessionLimits, mine: OriginProducer) {
	const relay = new OriginProducer();
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const lines: string[] = [];
	const serving = accept(server, { subscribe: relay, pull: false, limits, log: (l) => lines.push(l) });
	const peer = await connect(client, { publish: mine.consume() });
	cleanups.push(() => peer.close());
	return { relay, client, lines, session: await serving };
}

describe("session limits", () => {
	it("defaults come from the table", () => {
		expect(DEFAULT_LIMITS.subscriptions).toBe(LIMITS.find((l) => l.name === "subscriptions")!.default);
	});

	it("a duration limit of 2^53−1 ms arms no timer; a longer finite one waits at most 2^31−1 ms at a time", () => {
		expect(timerDelay(Number.MAX_SAFE_INTEGER)).toBeUndefined();
		expect(timerDelay(0)).toBeUndefined();
		expect(timerDelay(2 ** 40)).toBe(2 ** 31 - 1);
		expect(timerDelay(1500)).toBe(1500);
	});

	it("a WebSocket that upgrades and then says nothing is closed at handshakeTimeout", async () => {
		const http = createServer();
		// Whichever deadline sees it first (QMux parameters, then SETUP) names the handshakeTimeout limit.
		const said: string[] = [];
		const ws = serveWebSocket(http, {
			onSession: (t) =>
				void accept(t, { limits: { handshakeTimeout: 200 }, log: (l) => said.push(l) }).catch((err: unknown) => said.push((err as Error).message)),
		});
		cleanups.push(() => ws.close());
		await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
		cleanups.push(() => new Promise((r) => http.close(r)));
		const raw = new WebSocket(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`, offeredSubprotocols());
		raw.on("error", () => {});
		await new Promise<void>((r) => raw.once("close", () => r()));
		expect(said).toEqual([expect.stringMatching(/limit handshakeTimeout \(200 ms, --listen-timeout\) reached/)]);
	});

	it("a moq-lite-05 peer that never sends SETUP is closed at handshakeTimeout", async () => {
		const { client, session, lines } = await served({ handshakeTimeout: 100 });
		expect(await closeCode(client)).toBe(code("handshakeTimeout"));
		expect(session.isClosed).toBe(true);
		expect(lines).toEqual([expect.stringMatching(/limit handshakeTimeout .* no SETUP from the peer/)]);
	});

	it("a session holding nothing is closed at idleTimeout; one holding a subscription is not", async () => {
		const idle = await served({ idleTimeout: 100 });
		const busy = await served({ idleTimeout: 100 });
		await Promise.all([sendSetup(idle.client), sendSetup(busy.client)]);
		// The busy peer holds a live SUBSCRIBE throughout.
		const held = await busy.peer.bidi(subscribeBytes(1));
		expect(await closeCode(idle.client)).toBe(code("idleTimeout"));
		expect(idle.lines).toEqual([expect.stringMatching(/limit idleTimeout .* held nothing/)]);
		// A second idle session, started after the first closed, outlives busy's own idle period too.
		const later = await served({ idleTimeout: 100 });
		await closeCode(later.client);
		expect(busy.session.isClosed).toBe(false);
		await held.writer.close();
		// Released: now it idles out as well.
		expect(await closeCode(busy.client)).toBe(code("idleTimeout"));
	});

	it("one SUBSCRIBE over the subscriptions limit is reset with its code; the others and the session carry on", async () => {
		const { peer, session, lines } = await served({ subscriptions: 3 });
		const subs = await Promise.all([1, 2, 3].map((id) => peer.bidi(subscribeBytes(id))));
		// Served in order: once the fourth is refused, the first three were counted.
		const extra = await peer.bidi(subscribeBytes(4));
		expect(await extra.reader.ended()).toBe(code("subscriptions"));
		const again = await peer.bidi(subscribeBytes(5));
		expect(await again.reader.ended()).toBe(code("subscriptions"));
		expect(lines).toEqual([expect.stringMatching(/limit subscriptions \(3, --limits-subscriptions\) reached/)]);
		// Leaving frees a slot.
		await subs[0]!.writer.close();
		expect(await subs[0]!.reader.ended()).toBe("fin");
		const next = await peer.bidi(subscribeBytes(6));
		await next.writer.close();
		expect(await next.reader.ended()).toBe("fin");
		expect(session.isClosed).toBe(false);
	});

	it("FETCHes pending past the fetches limit are reset with its code", async () => {
		const { track, peer, session } = await served({ fetches: 2 });
		// A handler that never answers keeps every fetch pending.
		const handler = track.dynamic();
		cleanups.push(() => handler.close());
		const fetch = (group: number) => peer.bidi(concat(type(3), encodeFetch({ broadcast: "room", track: "video", priority: 0, group }, V)));
		const pending = await Promise.all([fetch(10), fetch(11)]);
		const extra = await fetch(12);
		expect(await extra.reader.ended()).toBe(code("fetches"));
		expect(session.isClosed).toBe(false);
		for (const p of pending) await p.writer.abort();
	});

	it("a peer announcing more broadcasts than the announcements limit is closed with its code", async () => {
		const mine = new OriginProducer();
		for (let i = 0; i < 6; i++) mine.createBroadcast(`flood/${i}`);
		const { client, lines, session } = await relayed({ announcements: 5 }, mine);
		expect(await closeCode(client)).toBe(code("announcements"));
		expect(session.isClosed).toBe(true);
		expect(lines).toEqual([expect.stringMatching(/limit announcements \(5, --limits-announcements\) reached: announce of flood\/\d refused/)]);
	});

	it("a stalled subscriber holds at most subscriptionStreams groups, and at most subscriptionBytes of them", async () => {
		for (const [limits, held] of [
			[{ subscriptionStreams: 2 }, 2],
			[{ subscriptionStreams: 100, subscriptionBytes: 2500 }, 2],
		] as const) {
			const { track, client, session, peer: stalled } = await served(limits, { readUnis: false });
			await sendSetup(client);
			const sub = await stalled.bidi(subscribeBytes(1));
			const groups = [];
			for (let i = 0; i < 6; i++) {
				const g = track.appendGroup();
				g.writeFrame(i, new Uint8Array(1024));
				g.finish();
				groups.push(g);
				if (i === 0) expect((await sub.reader.message("subscribeResponse", V)).type).toBe("start");
			}
			// The older groups were let go (no reader left), the newest `held` stay with the subscription.
			await Promise.all(groups.slice(0, 6 - held).map((g) => g.unused()));
			const stillRead = await Promise.race([Promise.any(groups.slice(6 - held).map((g) => g.unused().then(() => true))), Promise.resolve(false)]);
			expect(stillRead).toBe(false);
			session.close();
		}
	});

	it("a publisher's TRACK_INFO latencyMax is clamped to cacheDuration", async () => {
		const mine = new OriginProducer();
		mine.createBroadcast("big").createTrack("t", { latencyMax: Number.MAX_SAFE_INTEGER });
		const { relay, lines } = await relayed({ cacheDuration: 1500 }, mine);
		const track = (await relay.consume().announcedBroadcast("big")).track("t");
		expect((await track.info()).latencyMax).toBe(1500);
		expect(lines).toEqual([expect.stringMatching(/limit cacheDuration \(1500 ms, --cache-duration\) reached: TRACK_INFO latencyMax of 9007199254740991 ms clamped/)]);
	});
});
