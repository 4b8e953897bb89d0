// connect() on Node: the WebTransport-then-WebSocket race with our QUIC client as the WebTransport dialer, against a
// server speaking both on one port number (QUIC over UDP, WebSocket and the dev pin over TCP), and one without QUIC.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectQuic } from "../../src/transport/quic/client.js";
import { generateCertificate } from "../../src/transport/quic/certificate.js";
import { serveQuic } from "../../src/transport/quic/server.js";
import { QuicTransport } from "../../src/transport/quic/transport.js";
import type { Transport } from "../../src/transport/types.js";
import { connect } from "../../src/transport/webtransport/race.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import { WebSocketTransport } from "../../src/transport/websocket/transport.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** HTTP (dev pin + WebSocket) on a random port, and our QUIC server on the same port number unless `quic` is false. */
async function serve(quic: boolean) {
	const sessions: Transport[] = [];
	let pin = generateCertificate().sha256;
	const http = createServer((req, res) =>
		req.url === "/certificate.sha256" ? res.end(Buffer.from(pin).toString("hex")) : res.writeHead(404).end(),
	);
	const ws = serveWebSocket(http, { onSession: (t) => sessions.push(t) });
	await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
	const { port } = http.address() as AddressInfo;
	cleanup.push(() => {
		ws.close();
		http.closeAllConnections();
		return new Promise<void>((r) => http.close(() => r()));
	});
	if (quic) {
		const server = await serveQuic({ port, onSession: (t) => sessions.push(t) });
		pin = server.certificateHash;
		cleanup.push(() => server.close());
	}
	return `http://127.0.0.1:${port}/moq`;
}

async function dial(url: string) {
	const start = performance.now();
	const transport = await connect(url, { dialWebTransport: connectQuic });
	cleanup.push(() => transport.close());
	return { transport, ms: performance.now() - start };
}

describe("connect() race on Node", () => {
	it("QUIC wins where the server speaks it, through the http: dev pin", async () => {
		const url = await serve(true);
		const { transport } = await dial(url);
		expect(transport).toBeInstanceOf(QuicTransport);
		expect(transport.protocol).toBe("moq-lite-06");
	});

	it("falls back to WebSocket after the head start, and skips the head start once WebSocket has won", async () => {
		const url = await serve(false);
		const first = await dial(url);
		expect(first.transport).toBeInstanceOf(WebSocketTransport);
		expect(first.ms).toBeGreaterThanOrEqual(450);
		const second = await dial(url);
		expect(second.transport).toBeInstanceOf(WebSocketTransport);
		expect(second.ms).toBeLessThan(450);
	});

	it("cancels every attempt when the caller aborts", async () => {
		const url = await serve(false);
		const controller = new AbortController();
		const pending = connect(url, { dialWebTransport: connectQuic, signal: controller.signal, webSocketDelay: 10_000 });
		setTimeout(() => controller.abort(new Error("caller gave up")), 50);
		await expect(pending).rejects.toThrow("caller gave up");
	});
});
