// The runtime's own WebTransport (browsers; Deno with --unstable-net), which already has the Transport shape.
import { TransportError, UnsupportedError } from "../../error.js";
import { MOQ_ALPNS, requireProtocol } from "../negotiate.js";
import type { Transport } from "../types.js";
import { type CertificateHash, devPin, hashBytes } from "./pins.js";

export interface ConnectWebTransportOptions {
	/** moq protocols to offer, most preferred first. Default: moq-lite-05, -04, -03. */
	protocols?: readonly string[];
	/** Pins for a self-signed server certificate (valid ≤ 14 days). For http: URLs the server's
	 * /certificate.sha256 is fetched and pinned as well (./pins.ts). */
	serverCertificateHashes?: readonly CertificateHash[];
	/** Aborts the connection attempt (not an established session). */
	signal?: AbortSignal;
}

type WebTransportConstructor = new (url: string, options?: WebTransportOptions) => WebTransport;

function nativeWebTransport(): WebTransportConstructor | undefined {
	return (globalThis as { WebTransport?: WebTransportConstructor }).WebTransport;
}

export function hasWebTransport(): boolean {
	return typeof nativeWebTransport() === "function";
}

/**
 * Opens a WebTransport session with the runtime's WebTransport and resolves once it is ready. Fails with an
 * UnsupportedError where there is none, a TransportError when the session cannot be opened, and an
 * UnknownAlpnError (after closing) when the server picked none of our protocols.
 */
export async function connectWebTransport(url: string | URL, options: ConnectWebTransportOptions = {}): Promise<Transport> {
	const { signal } = options;
	signal?.throwIfAborted();
	const WebTransport = nativeWebTransport();
	if (!WebTransport) throw new UnsupportedError("this runtime has no WebTransport");
	const protocols = options.protocols ?? MOQ_ALPNS;
	let target = new URL(url);
	const hashes: WebTransportHash[] = (options.serverCertificateHashes ?? []).map((h) => ({ algorithm: "sha-256", value: hashBytes(h) }));
	if (target.protocol === "http:") {
		const pin = await devPin(target, signal);
		target = pin.url;
		hashes.push({ algorithm: "sha-256", value: pin.sha256 });
	}
	signal?.throwIfAborted();
	const session = new WebTransport(target.href, {
		allowPooling: false,
		congestionControl: "low-latency",
		protocols: [...protocols],
		...(hashes.length ? { serverCertificateHashes: hashes } : {}),
	} as WebTransportOptions);
	session.closed.catch(() => {});
	const onAbort = () => session.close();
	signal?.addEventListener("abort", onAbort, { once: true });
	try {
		await session.ready;
	} catch (err) {
		signal?.throwIfAborted();
		throw new TransportError(`WebTransport to ${target.href} failed`, { cause: err });
	} finally {
		signal?.removeEventListener("abort", onAbort);
	}
	return requireProtocol(session as unknown as Transport, protocols);
}
