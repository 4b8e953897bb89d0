// Headless Chromium against our Node servers: a page served over plain HTTP on 127.0.0.1 (a secure context), our
// QUIC server on the same port number over UDP, and our WebSocket server on the HTTP server. Echo semantics are
// shared by both transports so one page script exercises either.
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { build } from "esbuild";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { generateCertificate } from "../../src/transport/quic/certificate.js";
import { serveQuic, type QuicServer } from "../../src/transport/quic/server.js";
import type { Transport } from "../../src/transport/types.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";

export const CHROMIUM = "/usr/bin/chromium";
export const chromiumMissing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is absent (Debian package chromium)`;

async function readAll(readable: ReadableStream<Uint8Array>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	for await (const c of readable) chunks.push(c);
	return Buffer.concat(chunks);
}

async function send(transport: Transport, data: Uint8Array): Promise<void> {
	const w = (await transport.createUnidirectionalStream()).getWriter();
	await w.write(data);
	await w.close();
}

/** Echoes bidi streams and datagrams; answers a uni stream on a new uni stream; resets on "reset me", closes the
 * session on "close me"; reports the reset codes it sees on a uni stream. */
export function echo(transport: Transport): void {
	void transport.datagrams?.readable.pipeTo(transport.datagrams.writable).catch(() => {});
	void (async () => {
		for await (const bidi of transport.incomingBidirectionalStreams) {
			void (async () => {
				const reader = bidi.readable.getReader();
				const writer = bidi.writable.getWriter();
				try {
					for (;;) {
						const { value, done } = await reader.read();
						if (done) return await writer.close();
						const text = new TextDecoder().decode(value);
						if (text === "reset me") return await writer.abort(resetReason(7));
						if (text === "close me") return transport.close({ closeCode: 9, reason: "asked to" });
						await writer.write(value);
					}
				} catch (err) {
					await send(transport, new TextEncoder().encode(String(resetCode(err))));
				}
			})().catch(() => {});
		}
	})().catch(() => {});
	void (async () => {
		for await (const uni of transport.incomingUnidirectionalStreams) void readAll(uni).then((d) => send(transport, d)).catch(() => {});
	})().catch(() => {});
}

export interface Servers {
	http: Server;
	/** Every session the servers accepted, in order. */
	sessions: Transport[];
	/** Absent when started with `quic: false`. */
	quic: QuicServer | undefined;
	origin: string;
	close(): Promise<void>;
}

/** A page script (a file beside this one), bundled for the browser. */
export async function pageScript(entry: string): Promise<string> {
	const out = await build({
		entryPoints: [new URL(entry, import.meta.url).pathname],
		bundle: true,
		format: "esm",
		platform: "browser",
		write: false,
		logLevel: "silent",
	});
	return out.outputFiles[0]?.text ?? "";
}

export interface ServerOptions {
	/** The page's script, a file beside this one. Default ./page.ts. */
	page?: string;
	/** What the QUIC and WebSocket servers do with each session. Default: echo. */
	onSession?: (transport: Transport, url: URL) => void;
	/** Serve QUIC too (default). false: WebSocket only, as behind a proxy that passes no UDP. */
	quic?: boolean;
}

export async function startServers(options: ServerOptions = {}): Promise<Servers> {
	const script = await pageScript(options.page ?? "./page.ts");
	const sessions: Transport[] = [];
	const handle = options.onSession ?? echo;
	const onSession = (t: Transport, url: URL) => {
		sessions.push(t);
		handle(t, url);
	};
	let quic: QuicServer | undefined;
	let pin: Uint8Array = new Uint8Array(0);
	const routes: Record<string, [string, string]> = {
		"/": ["text/html", '<!doctype html><script type="module" src="/page.js"></script>'],
		"/page.js": ["text/javascript", script],
	};
	const http = createServer((req, res) => {
		const path = new URL(req.url ?? "/", "http://x").pathname;
		if (path === "/certificate.sha256") return res.end(Buffer.from(pin).toString("hex"));
		const route = routes[path];
		if (!route) return res.writeHead(404).end();
		res.writeHead(200, { "content-type": route[0] }).end(route[1]);
	});
	const ws = serveWebSocket(http, {
		path: "/moq",
		onSession: (t, request) => onSession(t, new URL(request.url ?? "/", "http://localhost")),
	});
	await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
	const { port } = http.address() as AddressInfo;
	// Same port number over UDP, so http://127.0.0.1:port/moq reaches both transports, as moq servers do. Without
	// QUIC the certificate route still answers (with a fresh certificate's hash) so the browser's attempt gets as far
	// as the UDP handshake.
	if (options.quic === false) pin = generateCertificate().sha256;
	else {
		quic = await serveQuic({ host: "127.0.0.1", port, path: "/moq", onSession: (t, request) => onSession(t, request!.url) });
		pin = quic.certificateHash;
	}
	return {
		http,
		sessions,
		quic,
		origin: `http://127.0.0.1:${port}`,
		close: async () => {
			ws.close();
			await quic?.close();
			http.closeAllConnections();
			await new Promise<void>((r) => http.close(() => r()));
		},
	};
}

/** Launches headless Chromium with a fresh profile, as CI runs it (QUIC left enabled: WebTransport needs it). */
export async function launchChromium() {
	const { chromium } = await import("playwright-core");
	const profile = mkdtempSync(join(tmpdir(), "moqwire-chromium-"));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--no-first-run",
			"--disable-background-networking",
			"--disable-component-update",
			"--disable-sync",
		],
	});
	return {
		context,
		close: async () => {
			await context.close();
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
