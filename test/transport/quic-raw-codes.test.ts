// Raw QUIC stream codes as they are on the wire, over real loopback UDP: our server's raw session against a bare
// QUIC link (no moqwire code mapping on that side), so the test sees the RESET_STREAM / STOP_SENDING codes as sent.
// The reference (moq-relay: web-transport-moq's `Session::raw`) maps them into the HTTP/3 WebTransport range.
import type { QUICStream } from "@matrixai/quic";
import { afterEach, describe, expect, it } from "vitest";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { MOQ_ALPNS } from "../../src/transport/negotiate.js";
import { dial } from "../../src/transport/quic/engine.js";
import { toHttp3 } from "../../src/transport/quic/h3/codes.js";
import { PeerCode, WireCode } from "../../src/transport/quic/streams.js";
import { serveQuic } from "../../src/transport/quic/server.js";
import type { QuicTransport } from "../../src/transport/quic/transport.js";
import { first } from "./helpers.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Our server's raw-QUIC session and a bare link to it. */
async function pair() {
	let accepted!: (t: QuicTransport) => void;
	const session = new Promise<QuicTransport>((r) => (accepted = r));
	const server = await serveQuic({ onSession: (t) => accepted(t) });
	cleanup.push(() => server.close());
	const link = await dial({ host: "127.0.0.1", port: server.port, alpns: MOQ_ALPNS, serverCertificateHashes: [server.certificateHash] });
	cleanup.push(() => link.close(0, ""));
	const incoming = new Promise<QUICStream>((r) => link.onStream(r));
	return { link, session: await session, incoming };
}

const wireCode = (err: unknown) => (err instanceof PeerCode ? err.code : err);

/** Opens a bidi stream on the bare link and writes one byte, so the server sees it. */
async function open(link: Awaited<ReturnType<typeof dial>>) {
	const stream = link.openStream("bidi");
	const writer = stream.writable.getWriter();
	await writer.write(new Uint8Array([1]));
	return writer;
}

/** Reads to the end; rejects with the stream's reset (typed loosely: @matrixai/quic's streams are node:stream/web's). */
async function drain(readable: { getReader(): { read(): Promise<{ done: boolean }> } }): Promise<void> {
	const reader = readable.getReader();
	while (!(await reader.read()).done);
}

describe("raw QUIC stream codes on the wire", () => {
	it("sends RESET_STREAM and STOP_SENDING codes mapped into the WebTransport range, as moq-relay does", async () => {
		const { link, session, incoming } = await pair();

		// Our side stops reading: STOP_SENDING carries toHttp3(NOT_FOUND).
		const writer = await open(link);
		const bi = await first(session.incomingBidirectionalStreams);
		await bi.readable.cancel(resetReason(0x33));
		expect(wireCode(await writer.closed.catch((e: unknown) => e))).toBe(toHttp3(0x33));

		// Our side resets a stream it opened: RESET_STREAM carries toHttp3(UNROUTABLE).
		const uni = (await session.createUnidirectionalStream()).getWriter();
		await uni.write(new Uint8Array([2]));
		await uni.abort(resetReason(0x36));
		const readable = (await incoming).readable;
		expect(wireCode(await drain(readable).catch((e: unknown) => e))).toBe(toHttp3(0x36));
	});

	it("reads a mapped code as the code inside it, and a small unmapped code as it is", async () => {
		const { link, session } = await pair();
		for (const [sent, read] of [
			[toHttp3(0x36), 0x36],
			[0x33, 0x33],
			[toHttp3(0xfffffffe), 0xfffffffe],
		] as const) {
			const writer = await open(link);
			const bi = await first(session.incomingBidirectionalStreams);
			await writer.abort(new WireCode(sent));
			expect(resetCode(await drain(bi.readable).catch((e: unknown) => e))).toBe(read);
		}
	});
});
