// A Node moq-lite endpoint: QUIC (HTTP/3 WebTransport and raw QUIC) on a UDP port and WebSocket (QMux) + HTTP on
// the TCP port of the same number, every session handed to one Relay (src/relay/) that routes between them.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { MoqError, SessionCode } from "../error.js";
import { engineOf } from "../model/context.js";
import { peekSetup } from "../lite/setup.js";
import { hasSetupStream, isLegacyProtocol, versionFromProtocol } from "../lite/version.js";
import type { Session } from "../lite/session.js";
import { Auth, tokenOf } from "../relay/auth.js";
import { AuthError } from "../relay/authorize.js";
import type { Grant } from "../relay/grant.js";
import type { OriginProducer, Pool } from "../model/index.js";
import { type Limits, limitsWith } from "../relay/limits.js";
import { type Logger, SILENT } from "../relay/log.js";
import { type Peer, Relay } from "../relay/relay.js";
import type { UpstreamLink } from "../relay/upstream.js";
import type { QuicServer } from "../transport/quic/index.js";
import type { Transport } from "../transport/types.js";
import { serveWebSocket } from "../transport/websocket/server.js";
import { nodeDial } from "./dial.js";
import { loadQuic } from "./quic.js";
import { handleRequest, type Page } from "./http.js";

export interface EndpointOptions {
	/** `HOST:PORT`; port 0 picks a free one. Default 127.0.0.1:4443. */
	bind?: string;
	/** Served to every session, and where every session's broadcasts land. */
	origin: OriginProducer;
	/** Serve QUIC on the UDP port of the same number. Default: when QUIC loads on this platform (else WebSocket only,
	 * with a warning); true makes a missing QUIC an error. */
	quic?: boolean;
	/** PEM certificate and key for QUIC. Default: a fresh self-signed one, pinnable via /certificate.sha256. */
	certificate?: { cert: string; key: string };
	/** PEM certificate and key for QUIC and for HTTPS/WSS on the TCP side (which is plain HTTP without it). */
	tls?: { cert: string; key: string };
	/** An upstream relay to link to (http(s): WebTransport/WebSocket race, moql: raw QUIC): our broadcasts go up,
	 * its broadcasts come down, unannounced paths are pulled from it on demand. */
	upstream?: string;
	/** How long a track copy nobody reads is kept (ms, default 30 s). */
	trackLinger?: number;
	/** This relay's hop id, the same in all its sessions (RelayOptions.hopId); default random per start. */
	hopId?: number;
	/** What peers may make us hold (src/relay/limits.ts); unset ones take the table's defaults. */
	limits?: Partial<Limits>;
	/** The origin's cache budget, reported on /metrics. */
	pool?: Pool;
	/** A browser page to serve at / (its script at /demo.js, the WASM beside it), e.g. the demo clock viewer. */
	page?: Page;
	/** Who may publish and subscribe what (tokens, public prefixes). Default: open to everyone. */
	auth?: Auth;
	/** Session open/close lines and refusals. Default: silent. */
	log?: Logger;
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
	readonly relay: Relay;
	/** Runs a session over a transport accepted by another listener (e.g. QUIC on the same port number). */
	adopt(transport: Transport, peer?: Peer): void;
	/** Replaces the `tls` certificate for new connections (QUIC and HTTPS); live sessions keep theirs. */
	setCertificate(tls: { cert: string; key: string }): void;
	close(): Promise<void>;
}

export function parseBind(bind = "127.0.0.1:4443"): { host: string; port: number } {
	const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bind);
	if (!m) throw new RangeError(`--bind wants HOST:PORT, got ${JSON.stringify(bind)}`);
	const port = Number(m[2]);
	if (port > 65535) throw new RangeError(`port out of range: ${port}`);
	return { host: m[1] || "127.0.0.1", port };
}

/** `host:port` of a socket's remote end, IPv6 in brackets. */
function address(host: string | undefined, port: number | undefined): string {
	const h = host ?? "?";
	return `${h.includes(":") ? `[${h}]` : h}:${port ?? "?"}`;
}

/**
 * The URL a raw QUIC client asks for: its SETUP Path (`/path?query`, 05+) on the relay, or the root when its
 * version has no SETUP (03/04, 01/02) or it sent no Path.
 */
async function setupUrl(transport: Transport, ms: number, origin: OriginProducer): Promise<URL> {
	const protocol = transport.protocol;
	const version = isLegacyProtocol(protocol) ? undefined : versionFromProtocol(protocol);
	const setup = version !== undefined && hasSetupStream(version) ? await peekSetup(transport, version, ms, engineOf(origin.options)) : undefined;
	// Appended, not resolved: a Path starting "//" must stay a path, not become a host.
	return new URL(`moql://relay/${setup?.path ?? ""}`);
}

/** True when `err` (or an error it wraps) is a taken address. */
function addressTaken(err: unknown): boolean {
	for (let e = err; e instanceof Error; e = e.cause) if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
	return false;
}

/** Attempts at a port-0 bind whose UDP twin turns out taken. */
const BIND_ATTEMPTS = 8;

export async function listen(options: EndpointOptions): Promise<Endpoint> {
	const { port } = parseBind(options.bind);
	for (let attempt = 1; ; attempt++) {
		try {
			return await listenOnce(options);
		} catch (err) {
			// Port 0 picks a free TCP port, but its UDP twin may be another socket's (say a QUIC client's ephemeral
			// port): the bind says so (EADDRINUSE), and a fresh TCP port is picked. A port the caller chose is theirs.
			if (port !== 0 || attempt >= BIND_ATTEMPTS || !addressTaken(err)) throw err;
		}
	}
}

async function listenOnce(options: EndpointOptions): Promise<Endpoint> {
	const { host, port } = parseBind(options.bind);
	const log = options.log ?? SILENT;
	const auth = options.auth ?? (await Auth.load({}));
	const relay = new Relay({
		origin: options.origin,
		...(options.upstream ? { upstream: { url: options.upstream, dial: nodeDial } } : {}),
		...(options.trackLinger !== undefined ? { trackLinger: options.trackLinger } : {}),
		...(options.hopId !== undefined ? { hopId: options.hopId } : {}),
		limits: limitsWith(options.limits),
		...(options.pool ? { pool: options.pool } : {}),
		log,
		...(options.onError ? { onError: options.onError } : {}),
	});

	let quic: QuicServer | undefined;
	let certificateHash: string | undefined;
	const onRequest = (req: IncomingMessage, res: ServerResponse) => {
		handleRequest({ origin: options.origin, page: options.page, certificateHash, log, limits: relay.limits, auth, metrics: relay.metrics }, req, res);
	};
	const http = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createServer(onRequest);
	// A WebSocket's grant is decided before the upgrade (a refusal is an HTTP status), then used by its session.
	const grants = new WeakMap<IncomingMessage, Grant>();
	const ws = serveWebSocket(http, {
		maxMessage: relay.limits.websocketMessage,
		handshakeTimeout: relay.limits.handshakeTimeout,
		admit: async (request) => {
			try {
				const url = new URL(request.url ?? "/", "http://relay");
				grants.set(request, await auth.grant(url.pathname, tokenOf(url)));
				return undefined;
			} catch (err) {
				if (!(err instanceof AuthError)) throw err;
				relay.refused({ address: address(request.socket.remoteAddress, request.socket.remotePort), transport: "websocket" }, "unauthorized", err.message);
				return { status: err.status, message: err.message };
			}
		},
		onSession: (transport, request) =>
			relay.adopt(transport, { address: address(request.socket.remoteAddress, request.socket.remotePort), transport: "websocket" }, grants.get(request)),
	});
	await new Promise<void>((ok, fail) => {
		http.once("error", (err: NodeJS.ErrnoException) =>
			fail(err.code === "EADDRINUSE" ? new Error(`TCP port ${port} on ${host} is taken (WebSocket/HTTP)`) : err),
		);
		http.listen(port, host, () => ok());
	});
	const bound = http.address() as AddressInfo;
	const module = options.quic === false ? undefined : await loadQuic();
	if (module instanceof Error) {
		// Asked for explicitly: that is an error; by default the relay carries on over WebSocket.
		if (options.quic === true) throw module;
		log.warn(`${module.message}; serving WebSocket only`);
	} else if (module) {
		const { serveQuic } = module;
		try {
			// Same number as the TCP port, so one URL reaches both (a free TCP port's UDP twin is free in practice).
			quic = await serveQuic({
				host,
				port: bound.port,
				certificate: options.tls ?? options.certificate,
				onSession: (transport, request) => {
					const c = transport.link.connection;
					const peer: Peer = { address: address(c.remoteHost, c.remotePort), transport: request ? "webtransport" : "quic" };
					// Raw QUIC has no URL: the client's SETUP Path carries its path and ?jwt= (relay-ops.md §1.3).
					const target = request ? Promise.resolve(request.url) : setupUrl(transport, relay.limits.handshakeTimeout, options.origin);
					target.then(
						(url) =>
							auth.grant(url.pathname, tokenOf(url)).then(
								(grant) => relay.adopt(transport, peer, grant),
								(err: unknown) => {
									relay.refused(peer, "unauthorized", (err as Error).message);
									// The reference closes refused QUIC sessions with Unauthorized (relay-ops.md §1.7).
									transport.close({ closeCode: SessionCode.Unauthorized, reason: "unauthorized" });
								},
							),
						(err: unknown) => {
							// No SETUP in time (its limit's code), or the connection ended first.
							log.info(`session failed ${peer.address} quic: ${(err as Error).message}`);
							const code = err instanceof MoqError ? err.sessionCode : SessionCode.Internal;
							transport.close({ closeCode: code, reason: (err as Error).message });
						},
					);
				},
			});
		} catch (err) {
			ws.close();
			relay.close();
			await new Promise<void>((ok) => http.close(() => ok()));
			const why = addressTaken(err) ? "the port is taken" : (err as Error).message;
			throw new Error(`cannot serve QUIC on UDP ${host}:${bound.port}: ${why}`, { cause: err });
		}
		certificateHash = Buffer.from(quic.certificateHash).toString("hex");
	}

	return {
		host,
		port: bound.port,
		get certificateHash() {
			return certificateHash;
		},
		upstream: relay.upstream,
		sessions: relay.sessions,
		relay,
		adopt: (transport, peer = { address: "?", transport: "webtransport" }) => relay.adopt(transport, peer),
		setCertificate(tls) {
			if (!("setSecureContext" in http)) throw new Error("this endpoint was started without tls");
			http.setSecureContext({ cert: tls.cert, key: tls.key });
			quic?.setCertificate?.(tls);
			if (quic) certificateHash = Buffer.from(quic.certificateHash).toString("hex");
		},
		async close() {
			relay.close();
			await quic?.close();
			ws.close();
			http.closeAllConnections();
			await new Promise<void>((ok) => http.close(() => ok()));
		},
	};
}
