// What the clients and servers of every adapter (WebSocket, Node QUIC, runtime WebTransport) decide the same way.
import { SessionCode, UnknownAlpnError } from "../error.js";
import { LEGACY_ALPN } from "../codec/types.js";
import { SUPPORTED_PROTOCOLS } from "../lite/version.js";
import type { Transport } from "./types.js";

/** moq ALPNs / subprotocols every transport offers and accepts by default, most preferred first: the versions the
 * session layer speaks, then `moql` (moq-lite-02/01 by the legacy SETUP handshake), last as the references list it. */
export const MOQ_ALPNS: readonly string[] = [...SUPPORTED_PROTOCOLS, LEGACY_ALPN];

/** A server's `path` option as a test on a request's pathname: exact match, the caller's test, or all. */
export function pathTest(path: string | ((pathname: string) => boolean) | undefined): (pathname: string) => boolean {
	return typeof path === "string" ? (p) => p === path : (path ?? (() => true));
}

/**
 * `transport` when it negotiated one of `protocols`, or none where the offer allows the legacy SETUP handshake (we
 * offered nothing, or `moql`: servers that predate subprotocols select none); otherwise closes it with UnknownAlpn
 * and throws an UnknownAlpnError naming `shown` (what the peer picked on the wire; default the transport's protocol).
 */
export function requireProtocol<T extends Transport>(transport: T, protocols: readonly string[], shown = transport.protocol ?? ""): T {
	const picked = transport.protocol ?? "";
	if (protocols.includes(picked)) return transport;
	if (picked === "" && (protocols.length === 0 || protocols.includes(LEGACY_ALPN))) return transport;
	transport.close({ closeCode: SessionCode.VersionNegotiationFailed, reason: "no moq protocol negotiated" });
	throw new UnknownAlpnError(shown);
}
