import { afterEach, describe, expect, it } from "vitest";
import { connectQuic } from "../../src/transport/quic/client.js";
import { serveQuic, type QuicServer } from "../../src/transport/quic/server.js";
import type { QuicTransport } from "../../src/transport/quic/transport.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function serve(options: { protocols?: readonly string[] } = {}) {
	const sessions: QuicTransport[] = [];
	const waiters: ((t: QuicTransport) => void)[] = [];
	const server: QuicServer = await serveQuic({
		...options,
		onSession: (t) => {
			const w = waiters.shift();
			if (w) w(t);
			else sessions.push(t);
		},
	});
	cleanup.push(() => server.close());
	const next = () => new Promise<QuicTransport>((r) => (sessions.length ? r(sessions.shift()!) : waiters.push(r)));
	return { server, next, url: `https://127.0.0.1:${server.port}/moq` };
}

describe("quic: webtransport", () => {
	it("negotiates and echoes on a bidi stream", async () => {
		const { server, next, url } = await serve();
		const client = await connectQuic(url, { serverCertificateHashes: [server.certificateHash] });
		cleanup.push(() => client.close());
		const session = await next();
		expect(client.protocol).toBe("moq-lite-05");
		expect(session.protocol).toBe("moq-lite-05");
		const bidi = await client.createBidirectionalStream();
		const w = bidi.writable.getWriter();
		await w.write(new TextEncoder().encode("hello"));
		await w.close();
		const reader = session.incomingBidirectionalStreams.getReader();
		const incoming = (await reader.read()).value!;
		const chunks: number[] = [];
		for await (const c of incoming.readable) chunks.push(...c);
		expect(new TextDecoder().decode(Uint8Array.from(chunks))).toBe("hello");
	});
});
