// Binding the relay's ports: TCP and UDP of one number. A taken UDP port is named in words; with port 0 the
// relay picks another pair instead of failing (the flake "Could not bind" under load: a QUIC client's ephemeral
// UDP port happened to be the free TCP port's twin).
import { createSocket, type Socket } from "node:dgram";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { OriginProducer } from "../../src/model/index.js";
import { type Endpoint, listen } from "../../src/node/endpoint.js";

const held: Socket[] = [];
const endpoints: Endpoint[] = [];
afterEach(async () => {
	for (const e of endpoints.splice(0)) await e.close();
	for (const s of held.splice(0)) s.close();
});

/** A UDP socket bound to `port` (0: any) on 127.0.0.1; resolves with its port. */
function holdUdp(port = 0): Promise<number> {
	const socket = createSocket("udp4");
	held.push(socket);
	return new Promise((resolve, reject) => {
		socket.once("error", reject);
		socket.bind(port, "127.0.0.1", () => resolve(socket.address().port));
	});
}

describe("relay bind", () => {
	it("a chosen port whose UDP side is taken fails in words, naming the port", async () => {
		const port = await holdUdp();
		await expect(listen({ bind: `127.0.0.1:${port}`, origin: new OriginProducer(), quic: true })).rejects.toThrow(
			`cannot serve QUIC on UDP 127.0.0.1:${port}: the port is taken`,
		);
	});

	it("port 0 gives a TCP/UDP pair that both answer, even with a quarter of the ephemeral UDP ports taken", async () => {
		// A quarter of the ephemeral range held: without picking again, 10 port-0 listens would all find their UDP
		// twin free only 6 % of the time.
		const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
		const quarter = Math.floor((high! - low! + 1) / 4);
		await Promise.all(Array.from({ length: quarter }, () => holdUdp()));
		for (let i = 0; i < 10; i++) {
			const e = await listen({ bind: "127.0.0.1:0", origin: new OriginProducer(), quic: true });
			endpoints.push(e);
			expect(e.certificateHash).toMatch(/^[0-9a-f]{64}$/);
			expect((await fetch(`http://127.0.0.1:${e.port}/health`)).status).toBe(200);
		}
	}, 120_000);
});
