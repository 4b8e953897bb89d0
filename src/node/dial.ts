// Node's dialer for URLs: raw QUIC for moql:, otherwise QUIC WebTransport raced against WebSocket, as browsers do.
import type { Dialer } from "../lite/connect.js";
import { type CertificateHash, devPin } from "../transport/webtransport/pins.js";
import { connect as race } from "../transport/webtransport/race.js";
import { loadQuic } from "./quic.js";

/**
 * A dialer trusting, besides the system's CAs, servers whose certificate has one of `pins` (self-signed https
 * servers). Raw QUIC also pins the certificate a moqwire/moq relay publishes at http://HOST:PORT/certificate.sha256
 * (for development); WebTransport does the same inside the race.
 */
export function nodeDialer(pins: readonly CertificateHash[] = []): Dialer {
	return async (url, protocols, signal) => {
		const quic = await loadQuic();
		const hashes = pins.length ? { serverCertificateHashes: pins } : {};
		// Without QUIC the race is WebSocket alone.
		if (url.protocol !== "moql:") return race(url, { protocols, signal, ...hashes, ...(quic instanceof Error ? {} : { dialWebTransport: quic.connectQuic }) });
		if (quic instanceof Error) throw quic;
		const pin = pins.length ? undefined : await devPin(new URL(`http://${url.host}/`), signal).catch(() => undefined);
		return quic.connectQuic(url, { protocols, signal, ...hashes, ...(pin ? { serverCertificateHashes: [pin.sha256] } : {}) });
	};
}

export const nodeDial: Dialer = nodeDialer();
