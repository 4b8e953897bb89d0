// @moq/net (the reference JS) on both ends of our Node QUIC transport: WebTransport over our HTTP/3 layer and raw
// QUIC with the moq ALPN, completing moq-lite-05 announce and subscribe in each direction.
import * as Moq from "@moq/net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectQuic } from "../../src/transport/quic/client.js";
import { serveQuic } from "../../src/transport/quic/server.js";
import type { QuicTransport } from "../../src/transport/quic/transport.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";
import { consumeDemo, publishDemo } from "./helpers.js";

type Established = Awaited<ReturnType<typeof Moq.Connection.accept>>;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

// @moq/net needs Promise.withResolvers (Node 20 lacks it); its progress logs are muted, errors still print.
beforeAll(() => {
	ensurePromiseWithResolvers();
	for (const level of ["log", "debug", "info", "warn"] as const) vi.spyOn(console, level).mockImplementation(() => {});
});
afterAll(() => vi.restoreAllMocks());

/** Our QUIC server with @moq/net accepting each session, and @moq/net connected over our QUIC client. */
async function pair(mode: "webtransport" | "raw") {
	// A raw QUIC client can be ready before the server has finished its side of the handshake: wait for the session.
	let session!: (s: { transport: QuicTransport; established: Promise<Established> }) => void;
	const accepted = new Promise<{ transport: QuicTransport; established: Promise<Established> }>((r) => (session = r));
	const server = await serveQuic({
		onSession: (transport, request) =>
			session({
				transport,
				established: Moq.Connection.accept(transport as unknown as WebTransport, request?.url ?? new URL("moql://localhost/")),
			}),
	});
	cleanup.push(() => server.close());
	const url = mode === "raw" ? `moql://127.0.0.1:${server.port}/` : `https://127.0.0.1:${server.port}/anon`;
	// What @moq/net 0.3.4 offers itself (it has no 06 final).
	const transport = await connectQuic(url, { serverCertificateHashes: [server.certificateHash], protocols: ["moq-lite-05", "moq-lite-04", "moq-lite-03"] });
	const client = await Moq.Connection.connect(new URL(url), { transport: transport as unknown as WebTransport });
	cleanup.push(() => client.close());
	const { transport: serverTransport, established } = await accepted;
	const serverSide = await established;
	cleanup.push(() => serverSide.close());
	return { client, serverSide, transport: serverTransport };
}

for (const mode of ["webtransport", "raw"] as const) {
	describe(`quic ${mode} interop: @moq/net ↔ @moq/net over our transport`, () => {
		it("negotiates moq-lite-05; server publishes, client subscribes", async () => {
			const { client, serverSide, transport } = await pair(mode);
			expect([client.version, serverSide.version, transport.protocol]).toEqual(["moq-lite-05", "moq-lite-05", "moq-lite-05"]);
			publishDemo(serverSide);
			expect(await consumeDemo(client)).toEqual(["g0 f0", "g0 f1"]);
		});

		it("client publishes, server subscribes", async () => {
			const { client, serverSide } = await pair(mode);
			publishDemo(client);
			expect(await consumeDemo(serverSide)).toEqual(["g0 f0", "g0 f1"]);
		});
	});
}
