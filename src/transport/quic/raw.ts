// moq over a bare QUIC connection (spec §1.3 "Native QUIC"): the ALPN is the moq version, streams and datagrams
// are the connection's own, stream reset codes are mapped as on WebTransport (RAW_CODES), close codes go unchanged.
import { TransportError } from "../../error.js";
import type { Link } from "./link.js";
import { StreamReader } from "./reader.js";
import { RAW_CODES } from "./streams.js";
import { QuicTransport } from "./transport.js";

export function rawSession(link: Link): QuicTransport {
	const transport = new QuicTransport(link, link.alpn, {
		codes: RAW_CODES,
		close: ({ closeCode, reason }) => link.close(closeCode, reason),
	});
	link.onStream((stream) => {
		const reader = new StreamReader(stream.readable);
		if (stream.type === "bidi") transport.deliverBidi(stream, reader);
		else transport.deliverUni(reader);
	});
	link.onDatagram((d) => transport.deliverDatagram(d));
	void link.closed.then((info) =>
		transport.end(info ? { closeCode: info.code, reason: info.reason } : new TransportError("QUIC connection lost")),
	);
	return transport;
}
