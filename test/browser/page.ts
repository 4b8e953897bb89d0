// Runs inside headless Chromium (bundled by esbuild in ./harness.ts): moqwire's browser transports, driven by the
// tests through page.evaluate.
import { resetCode } from "../../src/transport/reset.js";
import type { Transport } from "../../src/transport/types.js";
import { connect, connectWebTransport } from "../../src/transport/webtransport/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";

async function text(readable: ReadableStream<Uint8Array>): Promise<string> {
	const chunks: Uint8Array[] = [];
	for await (const c of readable as unknown as AsyncIterable<Uint8Array>) chunks.push(c);
	return new TextDecoder().decode(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** Chromium 156 implements the older WebTransportError(init) constructor, not (message, options). */
function streamError(code: number): Error {
	const Native = WebTransportError as unknown as new (init: { streamErrorCode: number; message: string }) => Error;
	return new Native({ streamErrorCode: code, message: `reset ${code}` });
}

/** Echo checks against ./harness.ts's echo server: bidi, uni (answered on a new uni stream), resets both ways. */
async function exercise(transport: Transport) {
	const encode = (s: string) => new TextEncoder().encode(s);
	const bidi = await transport.createBidirectionalStream();
	const w = bidi.writable.getWriter();
	await w.write(encode("hello "));
	await w.write(encode("bidi"));
	await w.close();
	const bidiEcho = await text(bidi.readable);

	const uni = await transport.createUnidirectionalStream();
	const u = uni.getWriter();
	await u.write(encode("hello uni"));
	await u.close();
	const unis = transport.incomingUnidirectionalStreams.getReader();
	const incoming = await unis.read();
	const uniEcho = incoming.value ? await text(incoming.value) : "";

	// The server resets its side of this stream with code 7 when it reads "reset me".
	const reset = await transport.createBidirectionalStream();
	const r = reset.writable.getWriter();
	await r.write(encode("reset me"));
	const resetSeen = await text(reset.readable).then(
		() => undefined,
		(err: unknown) => resetCode(err),
	);
	// And we reset one with code 42; the server echoes the code it saw on a uni stream.
	const aborted = await transport.createBidirectionalStream();
	const a = aborted.writable.getWriter();
	await a.write(encode("x"));
	await a.abort(streamError(42));
	const report = await unis.read();
	const abortSeenByServer = report.value ? await text(report.value) : "";
	return { protocol: transport.protocol, bidiEcho, uniEcho, resetSeen, abortSeenByServer };
}

/** Sends datagrams until one comes back from the echo server (they may drop). */
async function datagramEcho(transport: Transport): Promise<string> {
	const datagrams = transport.datagrams!;
	const writer = datagrams.writable.getWriter();
	const reader = datagrams.readable.getReader();
	const timer = setInterval(() => void writer.write(new TextEncoder().encode("hello datagram")), 20);
	try {
		const { value } = await reader.read();
		return new TextDecoder().decode(value);
	} finally {
		clearInterval(timer);
		writer.releaseLock();
		reader.releaseLock();
	}
}

async function viaWebTransport(url: string, hash: number[]) {
	const transport = await connectWebTransport(url, { serverCertificateHashes: [Uint8Array.from(hash)] });
	const result = {
		native: transport instanceof WebTransport,
		...(await exercise(transport)),
		datagram: await datagramEcho(transport),
	};
	transport.close({ closeCode: 3, reason: "done" });
	return result;
}

/** Asks the server to close the session and reports the close info the browser sees. */
async function serverCloses(url: string, hash: number[]) {
	const transport = await connectWebTransport(url, { serverCertificateHashes: [Uint8Array.from(hash)] });
	const bidi = await transport.createBidirectionalStream();
	await bidi.writable.getWriter().write(new TextEncoder().encode("close me"));
	return transport.closed;
}

async function viaWebSocket(url: string) {
	const transport = await connectWebSocket(url);
	const result = await exercise(transport);
	transport.close();
	return result;
}

async function viaRace(url: string) {
	const transport = await connect(url);
	const native = transport instanceof WebTransport;
	const result = { native, ...(await exercise(transport)) };
	transport.close();
	return result;
}

async function raceAborted(url: string) {
	const controller = new AbortController();
	const pending = connect(url, { signal: controller.signal });
	controller.abort(new Error("caller gave up"));
	return pending.then(
		() => "connected",
		(err: unknown) => (err as Error).message,
	);
}

Object.assign(globalThis, { moqwire: { viaWebTransport, serverCloses, viaWebSocket, viaRace, raceAborted } });
