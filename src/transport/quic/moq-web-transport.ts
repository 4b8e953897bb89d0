// The fast provider: @moq/web-transport's quinn-based N-API addon (an optional dependency). Its package exports
// TypeScript sources Node 20 cannot import, so we load its N-API binding (napi.cjs) directly and give its sessions
// moqwire's Transport shape ourselves, reset codes included (the package's own W3C wrapper always sends 0).
// Its binary needs glibc >= 2.38: load() reports why it cannot run instead of throwing at import.
import { createSocket } from "node:dgram";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { TransportError, UnsupportedError } from "../../error.js";
import { defineSendOrder } from "../forward.js";
import { resetCode, StreamResetError } from "../reset.js";
import type { BidiStream, CloseInfo, DatagramDuplex, SendStream, Transport } from "../types.js";
import { type CertificateHash, hashBytes } from "../webtransport/pins.js";

/** The slice of napi.cjs (@moq/web-transport 0.1.x) we use. */
interface NapiRecv {
	read(max: number): Promise<Buffer | null>;
	stop(code: number): Promise<void>;
}
interface NapiSend {
	write(data: Buffer): Promise<void>;
	finish(): Promise<void>;
	reset(code: number): Promise<void>;
	setPriority(priority: number): Promise<void>;
}
interface NapiBi {
	takeSend(): NapiSend;
	takeRecv(): NapiRecv;
}
interface NapiSession {
	readonly protocol: string | null;
	acceptUni(): Promise<NapiRecv>;
	acceptBi(): Promise<NapiBi>;
	openUni(): Promise<NapiSend>;
	openBi(): Promise<NapiBi>;
	sendDatagram(data: Buffer): void;
	recvDatagram(): Promise<Buffer>;
	maxDatagramSize(): number;
	close(code: number, reason: string): void;
	closed(): Promise<{ closeCode: number; reason: string }>;
}
interface NapiRequest {
	readonly url: Promise<string>;
	ok(): Promise<NapiSession>;
	reject(status: number): Promise<void>;
}
export interface Napi {
	NapiServer: { bind(addr: string, cert: Buffer, key: Buffer): { accept(): Promise<NapiRequest | null>; close(): void } };
	NapiClient: {
		withSystemRoots(): NapiClientInstance;
		withCertificateHashes(hashes: Buffer[]): NapiClientInstance;
	};
}
interface NapiClientInstance {
	connect(url: string, options?: { protocols?: string[] } | null): Promise<NapiSession>;
}

/** Loads the addon; the error says why it cannot run here (missing package, or a binary this system cannot load). */
export function load(): { napi: Napi } | { error: string } {
	try {
		const require = createRequire(import.meta.url);
		const entry = require.resolve("@moq/web-transport");
		return { napi: require(join(dirname(entry), "..", "napi.cjs")) as Napi };
	} catch (err) {
		const e = err as Error & { cause?: Error };
		// napi-rs puts the loader's real complaint (e.g. the missing GLIBC version) in the cause.
		return { error: e.cause?.message ?? e.message };
	}
}

/** The addon version whose error shape `addonStreamCode` reads (test/transport/quic-addon-errors.test.ts pins it). */
export const ADDON_VERSION = "0.1.4";

/**
 * The peer's stream code in an addon failure, or undefined when the failure is not a peer's reset or stop.
 * The addon has no typed stream error to read it from: every napi method maps its Rust error with
 * `Error::from_reason(e.to_string())`, so JS gets a plain Error (`code: "GenericFailure"`) whose message is exactly
 * web-transport-quinn's Display of the error: `RESET_STREAM: <code>` (read) or `STOP_SENDING: <code>` (write), the
 * code already mapped back from the HTTP/3 range. Anything else — a session error, `invalid RESET_STREAM: <varint>`
 * (a code outside the WebTransport range) — carries none. The whole message must match, so text that merely
 * contains a number is never taken for a code.
 */
export function addonStreamCode(err: unknown): number | undefined {
	const m = /^(?:RESET_STREAM|STOP_SENDING): (\d+)$/.exec((err as Error | null)?.message ?? "");
	return m ? Number(m[1]) : undefined;
}

function streamError(err: unknown): Error {
	const code = addonStreamCode(err);
	return code === undefined ? new TransportError("stream failed", { cause: err }) : new StreamResetError(code);
}

/** Rejects with the moqwire error for a napi failure (one function for every read and write, not one per chunk). */
const rejectStream = (err: unknown): Promise<never> => Promise.reject(streamError(err));

function readable(recv: NapiRecv): ReadableStream<Uint8Array> {
	return new ReadableStream<Uint8Array>(
		{
			pull: async (c) => {
				const chunk = await recv.read(65536).catch(rejectStream);
				if (chunk) c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
				else c.close();
			},
			cancel: (reason) => recv.stop(resetCode(reason) ?? 0).catch(() => {}),
		},
		{ highWaterMark: 0 },
	);
}

function writable(send: NapiSend): SendStream {
	const stream = new WritableStream<Uint8Array>({
		// Buffer.from copies: the caller may reuse its buffer as soon as write() returns.
		write: (chunk) => send.write(Buffer.from(chunk)).catch(rejectStream),
		close: () => send.finish().catch(rejectStream),
		abort: (reason) => send.reset(resetCode(reason) ?? 0).catch(() => {}),
	}) as SendStream;
	// quinn's stream priority has W3C send order's meaning (higher first), within an i32.
	return defineSendOrder(stream, (value) => {
		void send.setPriority(Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.trunc(value ?? 0)))).catch(() => {});
	});
}

/** An incoming-stream queue fed by one of the session's accept calls until the session ends. */
function accepting<T>(next: () => Promise<T>): ReadableStream<T> {
	return new ReadableStream<T>({
		pull: async (c) => {
			try {
				c.enqueue(await next());
			} catch {
				c.close();
			}
		},
	});
}

const bidi = (bi: NapiBi): BidiStream => ({ readable: readable(bi.takeRecv()), writable: writable(bi.takeSend()) });

export function adapt(session: NapiSession): Transport {
	const datagrams: DatagramDuplex = {
		readable: accepting(async () => new Uint8Array(await session.recvDatagram())),
		writable: new WritableStream({ write: (chunk) => session.sendDatagram(Buffer.from(chunk)) }),
		get maxDatagramSize() {
			return session.maxDatagramSize();
		},
	};
	return {
		protocol: session.protocol ?? "",
		ready: Promise.resolve(),
		closed: session.closed().then((info): CloseInfo => ({ closeCode: info.closeCode, reason: info.reason })),
		incomingBidirectionalStreams: accepting(async () => bidi(await session.acceptBi())),
		incomingUnidirectionalStreams: accepting(async () => readable(await session.acceptUni())),
		datagrams,
		createBidirectionalStream: async (options) => {
			const stream = bidi(await session.openBi());
			if (options?.sendOrder !== undefined) stream.writable.sendOrder = options.sendOrder;
			return stream;
		},
		createUnidirectionalStream: async (options) => {
			const stream = writable(await session.openUni());
			if (options?.sendOrder !== undefined) stream.sendOrder = options.sendOrder;
			return stream;
		},
		close: (info) => session.close(info?.closeCode ?? 0, info?.reason ?? ""),
	};
}

export async function connect(napi: Napi, url: URL, protocols: readonly string[], hashes: readonly CertificateHash[]) {
	if (url.protocol !== "https:") throw new UnsupportedError(`@moq/web-transport dials https: URLs only, not ${url.protocol}`);
	const pins = hashes.map((h) => Buffer.from(hashBytes(h)));
	const client = pins.length ? napi.NapiClient.withCertificateHashes(pins) : napi.NapiClient.withSystemRoots();
	try {
		return adapt(await client.connect(url.href, { protocols: [...protocols] }));
	} catch (err) {
		throw new TransportError(`WebTransport to ${url.href} failed`, { cause: err });
	}
}

/** A free UDP port: the addon binds exactly what it is given and cannot report a port it picked itself. */
export function freeUdpPort(host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const socket = createSocket(host.includes(":") ? "udp6" : "udp4");
		socket.once("error", reject);
		socket.bind(0, host, () => {
			const { port } = socket.address();
			socket.close(() => resolve(port));
		});
	});
}

/** Accepts WebTransport sessions until closed; `accept` decides per URL (undefined: accept, else an HTTP status). */
export function serve(
	napi: Napi,
	addr: string,
	certificate: { cert: string; key: string },
	accept: (url: URL) => number | undefined,
	onSession: (transport: Transport, url: URL) => void,
): { close(): void } {
	const server = napi.NapiServer.bind(addr, Buffer.from(certificate.cert), Buffer.from(certificate.key));
	void (async () => {
		for (let request = await server.accept(); request; request = await server.accept()) {
			const url = new URL(await request.url);
			const refused = accept(url);
			if (refused !== undefined) void request.reject(refused).catch(() => {});
			else void request.ok().then((s) => onSession(adapt(s), url), () => {});
		}
	})().catch(() => {});
	return { close: () => server.close() };
}
