// `--cluster-id` / MOQ_CLUSTER_ID reach the spawned relay: its SETUP carries that hop id to every session; a
// value outside 1..2^53-1 is a usage error.
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/lite/index.js";
import { connectWebSocket } from "../../src/transport/websocket/index.js";
import { killAll, spawnCli, startRelay } from "./spawn.js";

afterEach(killAll);

/** The hop id the relay on `port` sends in its SETUP (moq-lite-06 over WebSocket). */
async function relayHop(port: number): Promise<number> {
	const session = await connect(await connectWebSocket(`http://127.0.0.1:${port}/`, { protocols: ["moq-lite-06"] }), {});
	try {
		return Number((await session.peerSetup).origin);
	} finally {
		session.close();
	}
}

describe("relay --cluster-id", () => {
	it("is the hop id of every session, by flag or by MOQ_CLUSTER_ID", async () => {
		const byFlag = await startRelay(["--cluster-id", "4242"]);
		expect(await relayHop(byFlag.port)).toBe(4242);
		expect(await relayHop(byFlag.port)).toBe(4242);
		const byEnv = await startRelay([], { MOQ_CLUSTER_ID: "777" });
		expect(await relayHop(byEnv.port)).toBe(777);
	});

	it.each([String(2 ** 60), "0", "abc", "1.5"])("refuses %s as an id, in its own words", async (value) => {
		const s = spawnCli(["relay", "--bind", "127.0.0.1:0", "--cluster-id", value]);
		expect(await s.exited).toBe(2);
		expect(s.err()).toContain(`--cluster-id wants a hop id: a whole number from 1 to 2^53-1, got "${value}"`);
		// Not the limits' wording: a hop id has no "no limit".
		expect(s.err()).not.toMatch(/no limit/);
	});
});
