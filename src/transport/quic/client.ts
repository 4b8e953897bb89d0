// Node QUIC client: WebTransport over HTTP/3 for https: URLs, raw QUIC with the moq ALPNs for moql: URLs, on our own
// HTTP/3 layer over @matrixai/quic.
import { SessionCode, TransportError } from "../../error.js";
import { MOQ_ALPNS, requireProtocol } from "../negotiate.js";
import { type CertificateHash, devPin, hashBytes } from "../webtransport/pins.js";
import { dial } from "./engine.js";
import type { Link } from "./link.js";
import { H3Connection } from "./h3/connection.js";
import { Frame, readFrame } from "./h3/frames.js";
import { decodeFieldSection } from "./h3/qpack.js";
import { parseResponse, requestFrame } from "./h3/request.js";
import { startSession } from "./h3/session.js";
import { supportsWebTransport } from "./h3/settings.js";
import { rawSession } from "./raw.js";
import { StreamReader } from "./reader.js";
import { H3_ALPN } from "./server.js";
import type { QuicTransport } from "./transport.js";

export interface ConnectQuicOptions {
	/** moq protocols to offer, most preferred first. Default: moq-lite-06, -05, -04, -03. */
	protocols?: readonly string[];
	/** Accept only a server certificate with one of these SHA-256 hashes (e.g. a self-signed dev server's). For
	 * http: URLs the server's /certificate.sha256 is fetched and pinned as well, as browsers do in development. */
	serverCertificateHashes?: readonly CertificateHash[];
	/** PEM CA certificates to verify the server against, when no hashes are given. */
	ca?: string;
	/** Aborts the connection attempt (not an established session). */
	signal?: AbortSignal;
	/** How long the QUIC handshake may take, ms (default 10 000). Infinity: until the QUIC idle timeout (30 s
	 * without a packet from the server) or `signal`. */
	timeout?: number;
}


/**
 * Opens a session to `url`: https: runs WebTransport over HTTP/3 (http: too, after fetching the dev pin), moql: raw
 * QUIC.
 * Fails with a TransportError when the connection or the CONNECT fails, and with an UnknownAlpnError (after closing)
 * when the server picked none of our protocols.
 */
export async function connectQuic(url: string | URL, options: ConnectQuicOptions = {}): Promise<QuicTransport> {
	let target = new URL(url);
	const protocols = options.protocols ?? MOQ_ALPNS;
	const hashes = (options.serverCertificateHashes ?? []).map(hashBytes);
	if (target.protocol === "http:") {
		const pin = await devPin(target, options.signal);
		target = pin.url;
		hashes.push(pin.sha256);
	}
	const webTransport = target.protocol === "https:";
	if (!webTransport && target.protocol !== "moql:") throw new TransportError(`cannot dial QUIC to ${target.href}`);
	const link = await dial({
		host: target.hostname.replace(/^\[|\]$/g, ""),
		port: Number(target.port || 443),
		serverName: target.hostname,
		alpns: webTransport ? [H3_ALPN] : protocols,
		...(hashes.length ? { serverCertificateHashes: hashes } : {}),
		...(options.ca ? { ca: options.ca } : {}),
		...(options.signal ? { signal: options.signal } : {}),
		...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
	});
	let transport: QuicTransport;
	const onAbort = () => void link.close(SessionCode.NoError, "connection attempt aborted").catch(() => {});
	options.signal?.addEventListener("abort", onAbort, { once: true });
	try {
		options.signal?.throwIfAborted();
		transport = webTransport ? await openSession(link, target, protocols) : rawSession(link);
		options.signal?.throwIfAborted();
	} catch (err) {
		await link.close(SessionCode.Internal, "session setup failed").catch(() => {});
		options.signal?.throwIfAborted();
		throw err instanceof TransportError ? err : new TransportError("WebTransport session setup failed", { cause: err });
	} finally {
		options.signal?.removeEventListener("abort", onAbort);
	}
	return requireProtocol(transport, protocols);
}

async function openSession(link: Link, url: URL, protocols: readonly string[]): Promise<QuicTransport> {
	const h3 = new H3Connection(link);
	// Extended CONNECT is only allowed once the server's SETTINGS said it takes it.
	if (!supportsWebTransport(await h3.settings)) throw new TransportError(`${url.host} does not offer WebTransport`);
	const stream = link.openStream("bidi");
	// The CONNECT stream (request, close capsule) goes before application streams.
	link.setUrgency(stream, 0);
	const writer = stream.writable.getWriter();
	const reader = new StreamReader(stream.readable);
	await writer.write(requestFrame(url, protocols));
	for (;;) {
		const frame = await readFrame(reader);
		if (!frame) throw new TransportError("server closed the CONNECT stream without a response");
		if (frame.type !== Frame.Headers) continue;
		const { status, protocol } = parseResponse(decodeFieldSection(frame.payload));
		if (status >= 100 && status < 200) continue;
		if (status < 200 || status > 299) throw new TransportError(`WebTransport CONNECT to ${url.href} answered ${status}`);
		return startSession(h3, stream.streamId, { reader, writer }, protocol);
	}
}
