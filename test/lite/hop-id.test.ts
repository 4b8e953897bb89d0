// SessionOptions.hopId: one id a relay gives all its sessions (sent in SETUP), validated; random when absent.
import { describe, expect, test } from "vitest";
import { Version } from "../../src/codec/index.js";
import { accept } from "../../src/lite/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { RawReader } from "./helpers.js";

/** The origin our server announces in its SETUP on 06. */
async function setupOrigin(hopId?: number): Promise<number> {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
	await accept(server, { hopId });
	const setup = new RawReader((await client.incomingUnidirectionalStreams.getReader().read()).value!);
	expect(await setup.varint()).toBe(1);
	return Number((await setup.message("setup", Version.Lite06)).origin);
}

describe("hop id", () => {
	test("a given hop id is the one every session sends; absent, each session draws its own", async () => {
		expect(await setupOrigin(4242)).toBe(4242);
		expect(await setupOrigin(4242)).toBe(4242);
		const [a, b] = [await setupOrigin(), await setupOrigin()];
		expect(a).not.toBe(b);
	});

	test("a hop id outside 1..2^53-1 is refused with a RangeError", async () => {
		for (const bad of [0, -1, 1.5, 2 ** 53]) {
			const { server } = MemoryTransport.pair({ protocol: "moq-lite-06" });
			await expect(accept(server, { hopId: bad })).rejects.toThrow(RangeError);
		}
	});
});
