// Node QUIC server: WebTransport over HTTP/3 (ALPN h3) and raw QUIC with the moq ALPNs on one UDP port, on our own
// HTTP/3 layer over @matrixai/quic. Without a certificate it makes a short-lived self-signed one and reports its
// SHA-256 for `serverCertificateHashes`.
import type { QUICStream } from "@matrixai/quic";
import { MOQ_ALPNS, pathTest } from "../negotiate.js";
import { type Certificate, certificateHash, generateCertificate } from "./certificate.js";
import { listen } from "./engine.js";
import type { Link } from "./link.js";
import { H3Connection } from "./h3/connection.js";
import { H3Error } from "./h3/frames.js";
import { selectProtocol } from "./h3/protocols.js";
import { decodeFieldSection } from "./h3/qpack.js";
import { type ConnectRequest, parseRequest, responseFrame } from "./h3/request.js";
import { startSession } from "./h3/session.js";
import { rawSession } from "./raw.js";
import type { StreamReader } from "./reader.js";
import { WireCode } from "./streams.js";
import type { QuicTransport } from "./transport.js";

export const H3_ALPN = "h3";

/** How long close() waits for clients to take their sessions' close before it closes the socket. */
const CLOSE_WAIT_MS = 1000;

export interface ServeQuicOptions {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0: a free port (read it from the handle). */
	port?: number;
	/** PEM certificate chain and key. Default: a fresh self-signed ECDSA P-256 certificate valid for 13 days. */
	certificate?: { cert: string; key: string };
	/** moq protocols to accept, most preferred first. Default: moq-lite-05, -04, -03. */
	protocols?: readonly string[];
	/** Accept raw QUIC connections with the moq ALPNs besides WebTransport. Default true. */
	raw?: boolean;
	/** WebTransport request paths to accept: an exact pathname or a test on it. Default: all; others get 404. */
	path?: string | ((pathname: string) => boolean);
	/**
	 * Receives each session, its protocol already negotiated. `request` is the WebTransport CONNECT; undefined for
	 * raw QUIC, which has no URL (the client sends its path in SETUP).
	 */
	onSession: (transport: QuicTransport, request: ConnectRequest | undefined) => void;
}

export interface QuicServer {
	readonly host: string;
	readonly port: number;
	/** SHA-256 of the server's certificate (DER), for clients' `serverCertificateHashes`. */
	readonly certificateHash: Uint8Array;
	/** The certificate in use (PEM), e.g. to serve or save it. */
	readonly certificate: Pick<Certificate, "cert">;
	/** Replaces the certificate for new handshakes (a reload); live sessions keep theirs. Our @matrixai/quic
	 * server has it; the @moq/web-transport provider's does not. */
	setCertificate?(certificate: { cert: string; key: string }): void;
	/** Closes every session (code 0, "server closing") and then the socket. */
	close(): Promise<void>;
}

export async function serveQuic(options: ServeQuicOptions): Promise<QuicServer> {
	const protocols = options.protocols ?? MOQ_ALPNS;
	let certificate = options.certificate ?? generateCertificate();
	const { path } = options;
	const wanted = pathTest(path);
	const raw = options.raw ?? true;
	// Sessions still open, to close them properly (with a code and reason) when the server closes.
	const live = new Set<QuicTransport>();
	const track = (transport: QuicTransport) => {
		live.add(transport);
		void transport.closed.catch(() => undefined).then(() => live.delete(transport));
		return transport;
	};

	const onRequest = (h3: H3Connection, stream: QUICStream, reader: StreamReader, payload: Uint8Array) => {
		// The CONNECT stream (response, close capsule) goes before application streams.
		h3.link.setUrgency(stream, 0);
		const writer = stream.writable.getWriter();
		const refuse = (status: number) => {
			writer.write(responseFrame(status)).catch(() => {});
			writer.close().catch(() => {});
			void reader.cancel(new WireCode(H3Error.NoError)).catch(() => {});
		};
		let request: ReturnType<typeof parseRequest>;
		try {
			request = parseRequest(decodeFieldSection(payload));
		} catch {
			// QPACK we cannot decode (e.g. a dynamic table reference, which our SETTINGS forbid).
			void h3.fail(H3Error.QpackDecompression, "QPACK decompression failed");
			return;
		}
		if ("status" in request) return refuse(request.status);
		if (!wanted(request.url.pathname)) return refuse(404);
		// Our preference wins among what the client offered; a client that offered none gets none (legacy SETUP).
		const protocol = selectProtocol(request.protocols, protocols) ?? "";
		if (request.protocols.length && !protocol) return refuse(400);
		writer.write(responseFrame(200, protocol || undefined)).catch(() => {});
		options.onSession(track(startSession(h3, stream.streamId, { reader, writer }, protocol)), request);
	};

	const onConnection = (link: Link) => {
		if (link.alpn === H3_ALPN) new H3Connection(link, onRequest);
		else options.onSession(track(rawSession(link)), undefined);
	};

	const listener = await listen({
		host: options.host ?? "127.0.0.1",
		port: options.port ?? 0,
		cert: certificate.cert,
		key: certificate.key,
		alpns: raw ? [H3_ALPN, ...protocols] : [H3_ALPN],
		onConnection,
	});
	return {
		host: listener.host,
		port: listener.port,
		get certificateHash() {
			return certificateHash(certificate.cert);
		},
		get certificate() {
			return { cert: certificate.cert };
		},
		setCertificate(next) {
			listener.setCertificate(next.cert, next.key);
			certificate = next;
		},
		close: async () => {
			const gone = [...live].map((t) => t.link.closed);
			for (const t of live) t.close({ closeCode: 0, reason: "server closing" });
			// Let the close capsules reach the clients (they answer by closing) before the socket goes.
			await Promise.race([Promise.all(gone), new Promise((r) => setTimeout(r, CLOSE_WAIT_MS).unref())]);
			await listener.close();
		},
	};
}
