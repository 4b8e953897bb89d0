// The runtime's own WebTransport (browsers; Deno with --unstable-net), which already has the Transport shape.
import { ErrorCode, TransportError, UnknownAlpnError, UnsupportedError } from "../../error.js";
import type { Transport } from "../types.js";
import { MOQ_ALPNS } from "../websocket/subprotocol.js";

/** A certificate pin: the W3C shape (value as bytes or hex text) or the raw SHA-256 bytes. */
export type CertificateHash = Uint8Array | { algorithm?: string; value: BufferSource | string };

export interface ConnectWebTransportOptions {
	/** moq protocols to offer, most preferred first. Default: moq-lite-05, -04, -03. */
	protocols?: readonly string[];
	/** Pins for a self-signed server certificate (valid ≤ 14 days). For http: URLs the server's
	 * /certificate.sha256 is fetched and pinned as well. */
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

function hexBytes(hex: string): Uint8Array {
	const digits = hex.replace(/[^0-9a-fA-F]/g, "");
	if (digits.length !== 64) throw new TransportError(`not a SHA-256 fingerprint: ${JSON.stringify(hex.trim())}`);
	return Uint8Array.from(digits.match(/../g) ?? [], (b) => parseInt(b, 16));
}

function toHash(hash: CertificateHash): WebTransportHash {
	if (hash instanceof Uint8Array) return { algorithm: "sha-256", value: hash as Uint8Array<ArrayBuffer> };
	const value = typeof hash.value === "string" ? (hexBytes(hash.value) as Uint8Array<ArrayBuffer>) : hash.value;
	return { algorithm: hash.algorithm ?? "sha-256", value };
}

/**
 * Dev servers (plain http: URLs) publish the SHA-256 of their self-signed certificate at /certificate.sha256, as
 * moq relays do; fetch and pin it, and connect over https:.
 */
async function devPin(url: URL, signal?: AbortSignal): Promise<{ url: URL; hash: WebTransportHash }> {
	const where = new URL("/certificate.sha256", url);
	const response = await fetch(where, signal ? { signal } : {}).catch((err: unknown) => {
		signal?.throwIfAborted();
		throw new TransportError(`cannot fetch ${where.href}`, { cause: err });
	});
	if (!response.ok) throw new TransportError(`${where.href} answered ${response.status}`);
	const secure = new URL(url);
	secure.protocol = "https:";
	return { url: secure, hash: { algorithm: "sha-256", value: hexBytes(await response.text()) as Uint8Array<ArrayBuffer> } };
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
	const hashes = (options.serverCertificateHashes ?? []).map(toHash);
	if (target.protocol === "http:") {
		const pin = await devPin(target, signal);
		target = pin.url;
		hashes.push(pin.hash);
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
	const transport = session as unknown as Transport;
	if (!protocols.includes(transport.protocol ?? "")) {
		session.close({ closeCode: ErrorCode.UnknownAlpn, reason: "no moq protocol negotiated" });
		throw new UnknownAlpnError(transport.protocol ?? "");
	}
	return transport;
}
