// The fan-out bench's lean subscriber (bench/relay/lean.ts) speaks the real protocol: against our own session
// serving a track over WebSocket it sends SETUP and SUBSCRIBE, gets SUBSCRIBE_OK, and reads every frame of every
// group in order — more than our 4 MiB connection window, so the lean reader's credit must flow back.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { leanSubscribe } from "../../bench/relay/lean.js";
import { accept } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("bench lean subscriber", () => {
	it("subscribes over QMux and receives every frame of every group, past the connection's credit", async () => {
		const origin = new OriginProducer();
		const track = origin.createBroadcast("bench").createTrack("t", { timescale: 1000 });
		const server = createServer();
		const handle = serveWebSocket(server, { onSession: (t) => void accept(t, { publish: origin.consume() }).catch(() => {}) });
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
		cleanup.push(() => {
			handle.close();
			server.closeAllConnections();
			return new Promise<void>((r) => server.close(() => r()));
		});
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

		const GROUPS = 12;
		const FRAMES = 10;
		const SIZE = 64 * 1024; // 12 × 10 × 64 KiB = 7.5 MiB: beyond the 4 MiB window we grant
		const got: number[] = [];
		let all!: () => void;
		const done = new Promise<void>((r) => (all = r));
		const sub = await leanSubscribe(url, "bench", "t", (payload) => {
			expect(payload.byteLength).toBe(SIZE);
			got.push(payload[0]! * 256 + payload[SIZE - 1]!);
			if (got.length === GROUPS * FRAMES) all();
		});
		cleanup.push(() => sub.conn.close(0, ""));
		for (let g = 0; g < GROUPS; g++) {
			// 05's SUBSCRIBE_OK names the group the subscription starts at (the latest): it comes once there is
			// one, and the rest are published after it.
			if (g === 1) await sub.ok;
			const group = track.appendGroup();
			for (let f = 0; f < FRAMES; f++) {
				const payload = new Uint8Array(SIZE);
				payload[0] = g;
				payload[SIZE - 1] = f;
				group.writeFrame(g * 100 + f, payload);
			}
			group.finish();
		}
		await done;
		const expected = Array.from({ length: GROUPS * FRAMES }, (_, i) => Math.floor(i / FRAMES) * 256 + (i % FRAMES));
		expect([...got].sort((a, b) => a - b)).toEqual(expected);
		// Within a group frames arrive in order.
		for (let g = 0; g < GROUPS; g++) expect(got.filter((v) => v >> 8 === g)).toEqual(expected.slice(g * FRAMES, (g + 1) * FRAMES));
	});
});
