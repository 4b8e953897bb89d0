// Certificate pins (SHA-256 of the server's DER certificate), as `serverCertificateHashes` takes them. Dev servers
// (plain http: URLs) publish the hash of their self-signed certificate at /certificate.sha256, as moq relays do:
// clients fetch it, pin it, and connect over https:. Only for development; production uses https: URLs.
import { TransportError } from "../../error.js";

/** A pin: the W3C shape (value as bytes, or hex text) or the raw SHA-256 bytes. Only sha-256 exists. */
export type CertificateHash = Uint8Array | { algorithm?: string; value: BufferSource | string };

/** The bytes of a hex SHA-256 fingerprint (colons and whitespace allowed). */
function hexBytes(hex: string): Uint8Array<ArrayBuffer> {
	const digits = hex.replace(/[^0-9a-fA-F]/g, "");
	if (digits.length !== 64) throw new TransportError(`not a SHA-256 fingerprint: ${JSON.stringify(hex.trim())}`);
	return Uint8Array.from(digits.match(/../g) ?? [], (b) => parseInt(b, 16));
}

export function hashBytes(hash: CertificateHash): Uint8Array<ArrayBuffer> {
	if (hash instanceof Uint8Array) return new Uint8Array(hash);
	if ((hash.algorithm ?? "sha-256") !== "sha-256") throw new TypeError(`unsupported certificate hash algorithm ${hash.algorithm}`);
	const v = hash.value;
	if (typeof v === "string") return hexBytes(v);
	return ArrayBuffer.isView(v) ? new Uint8Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : new Uint8Array(v.slice(0));
}

/** Fetches the pin for an http: URL; returns the https: URL to dial and the certificate hash to accept. */
export async function devPin(url: URL, signal?: AbortSignal): Promise<{ url: URL; sha256: Uint8Array<ArrayBuffer> }> {
	const where = new URL("/certificate.sha256", url);
	const response = await fetch(where, signal ? { signal } : {}).catch((err: unknown) => {
		signal?.throwIfAborted();
		throw new TransportError(`cannot fetch ${where.href}`, { cause: err });
	});
	if (!response.ok) throw new TransportError(`${where.href} answered ${response.status}`);
	const secure = new URL(url);
	secure.protocol = "https:";
	return { url: secure, sha256: hexBytes(await response.text()) };
}
