// Node's dialer for URLs: raw QUIC for moql:, otherwise QUIC WebTransport raced against WebSocket, as browsers do.
import type { Dialer } from "../lite/connect.js";
import { devPin } from "../transport/webtransport/pins.js";
import { connect as race } from "../transport/webtransport/race.js";
import { loadQuic } from "./quic.js";

/**
 * Raw QUIC pins the certificate a moqwire/moq relay publishes at http://HOST:PORT/certificate.sha256 when there
 * is one (for development); WebTransport does the same inside the race.
 */
export const nodeDial: Dialer = async (url, protocols, signal) => {
	const quic = await loadQuic();
	// Without QUIC the race is WebSocket alone.
	if (url.protocol !== "moql:") return race(url, { protocols, signal, ...(quic instanceof Error ? {} : { dialWebTransport: quic.connectQuic }) });
	if (quic instanceof Error) throw quic;
	const { connectQuic } = quic;
	const pin = await devPin(new URL(`http://${url.host}/`), signal).catch(() => undefined);
	return connectQuic(url, { protocols, signal, ...(pin ? { serverCertificateHashes: [pin.sha256] } : {}) });
};
