// Attacks on the WebSocket/QMux handshake, run against a spawned relay with a victim connected (scene.ts).
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { closed, installWebSocketGlobal, rawHttp, upgradeRequest } from "./rig.js";
import { MIB, printReport, underAttack } from "./scene.js";

let uninstall: () => void;
beforeAll(() => void (uninstall = installWebSocketGlobal()));
afterAll(() => {
	uninstall();
	printReport();
});

describe("the relay's handshake under attack", { timeout: 45_000 }, () => {
	// Fix: the handshake deadline: a QMux session is ready only once the peer's transport parameters arrived, and
	// serveWebSocket closes one that sends none within the handshakeTimeout limit; then the sessions limit.
	it("1200 WebSocket upgrades that never send the QMux parameters: closed at the handshake timeout", async () => {
		const n = 1200;
		await underAttack("silent upgrades", ["--listen-timeout", "2s"], 128 * MIB, async ({ relay, probe }) => {
			const sockets: Socket[] = [];
			for (let i = 0; i < n; i += 100) {
				const batch = await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => rawHttp(relay, upgradeRequest("/")).catch(() => undefined)));
				for (const b of batch) if (b) sockets.push(b.socket);
			}
			await probe();
			// Every one is closed by the relay: past the sessions limit at once, the rest at the deadline.
			await Promise.all(sockets.map(closed));
			await relay.line(/handshakeTimeout/);
		});
	});

});
