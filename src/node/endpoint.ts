// A Node moq-lite endpoint: QUIC (HTTP/3 WebTransport and raw QUIC) on a UDP port and WebSocket (QMux) + HTTP on
// the TCP port of the same number, serving an origin to every session and taking each peer's broadcasts into it.
// HTTP answers /fetch/<broadcast>/<track>?group=<n|latest>, /certificate.sha256 for dev clients pinning the
// self-signed certificate, and /health.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { accept } from "../lite/connect.js";
import { fetchTarget, serveFetch } from "./http-fetch.js";
import { linkUpstream, type UpstreamLink } from "./upstream.js";
import type { Session } from "../lite/session.js";
import type { OriginProducer } from "../model/index.js";
import { type QuicServer, serveQuic } from "../transport/quic/index.js";
import type { Transport } from "../transport/types.js";
import { serveWebSocket } from "../transport/websocket/server.js";

export interface EndpointOptions {
	/** `HOST:PORT`; port 0 picks a free one. Default 127.0.0.1:4443. */
	bind?: string;
	/** Served to every session, and where every session's broadcasts land. */
	origin: OriginProducer;
	/** Serve QUIC on the UDP port of the same number (default true). */
	quic?: boolean;
	/** PEM certificate and key for QUIC. Default: a fresh self-signed one, pinnable via /certificate.sha256. */
	certificate?: { cert: string; key: string };
	/** An upstream relay to link to (http(s): WebTransport/WebSocket race, moql: raw QUIC): our broadcasts go up,
	 * its broadcasts come down, unannounced paths are pulled from it on demand. */
	upstream?: string;
	/** A browser page to serve at / (its script at /demo.js, the WASM beside it), e.g. the demo clock viewer. */
	page?: { html: string; script: string; wasm: Uint8Array };
	/** Called for each session that could not start or ended with an error. */
	onError?: (err: unknown) => void;
}

export interface Endpoint {
	readonly host: string;
	readonly port: number;
	/** Hex SHA-256 of the QUIC certificate (for `serverCertificateHashes`), when QUIC is served. */
	readonly certificateHash: string | undefined;
	/** The link to the upstream relay, when one was given. */
	readonly upstream: UpstreamLink | undefined;
	/** Every live session. */
	readonly sessions: ReadonlySet<Session>;
	/** Runs a session over a transport accepted by another listener (e.g. QUIC on the same port number). */
	adopt(transport: Transport): void;
	close(): Promise<void>;
}

export function parseBind(bind = "127.0.0.1:4443"): { host: string; port: number } {
	const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bind);
	if (!m) throw new RangeError(`--bind wants HOST:PORT, got ${JSON.stringify(bind)}`);
	const port = Number(m[2]);
	if (port > 65535) throw new RangeError(`port out of range: ${port}`);
	return { host: m[1] || "127.0.0.1", port };
}

export async function listen(options: EndpointOptions): Promise<Endpoint> {
	const { host, port } = parseBind(options.bind);
	const sessions = new Set<Session>();
	const onError = options.onError ?? (() => {});

	const adopt = (transport: Transport) => {
		// Clients' announced broadcasts are routed; their unannounced paths are not asked of other clients.
		accept(transport, { publish: options.origin.consume(), subscribe: options.origin, pull: false }).then((session) => {
			sessions.add(session);
			void session.closed.then(() => sessions.delete(session));
		}, onError);
	};

	let quic: QuicServer | undefined;
	let certificateHash: string | undefined;
	const http = createServer((req: IncomingMessage, res: ServerResponse) => {
		const path = new URL(req.url ?? "/", "http://localhost").pathname;
		// Dev clients on other origins fetch the hash before dialing; nothing here is secret.
		res.setHeader("Access-Control-Allow-Origin", "*");
		const target = req.method === "GET" ? fetchTarget(path) : undefined;
		if (target) {
			void serveFetch(options.origin.consume(), req, res, target);
		} else if (options.page && (path === "/" || path === "/demo.js" || path === "/moqwire.wasm")) {
			const { html, script, wasm } = options.page;
			if (path === "/") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
			else if (path === "/demo.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
			else res.writeHead(200, { "Content-Type": "application/wasm" }).end(wasm);
		} else if (path === "/certificate.sha256" && certificateHash) {
			res.writeHead(200, { "Content-Type": "text/plain" }).end(certificateHash);
		} else if (path === "/health") {
			res.writeHead(200, { "Content-Type": "text/plain" }).end("ok\n");
		} else {
			res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
		}
	});
	const ws = serveWebSocket(http, { onSession: adopt });
	await new Promise<void>((ok, fail) => {
		http.once("error", fail);
		http.listen(port, host, () => ok());
	});
	const bound = http.address() as AddressInfo;
	if (options.quic ?? true) {
		try {
			// Same number as the TCP port, so one URL reaches both (a free TCP port's UDP twin is free in practice).
			quic = await serveQuic({ host, port: bound.port, certificate: options.certificate, onSession: adopt });
		} catch (err) {
			ws.close();
			await new Promise<void>((ok) => http.close(() => ok()));
			throw err;
		}
		certificateHash = Buffer.from(quic.certificateHash).toString("hex");
	}

	const upstream = options.upstream ? linkUpstream(options.upstream, options.origin, { onError }) : undefined;

	return {
		host,
		port: bound.port,
		certificateHash,
		upstream,
		sessions,
		adopt,
		async close() {
			upstream?.close();
			for (const s of sessions) s.close();
			await quic?.close();
			ws.close();
			http.closeAllConnections();
			await new Promise<void>((ok) => http.close(() => ok()));
		},
	};
}
