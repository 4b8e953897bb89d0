// Datagrams (05+, spec §3.8): a publisher sends a subscription's datagrams as QUIC datagrams, dropping any body
// above the transport's current max size (no fallback to a stream); a subscriber routes incoming ones by
// subscribe id. Best effort both ways: a failure loses datagrams, never a stream or the session.
import { decodeDatagram, encodeDatagram, type U62 } from "../codec/index.js";
import type { TrackSubscriber } from "../model/index.js";
import type { DatagramDuplex } from "../transport/types.js";
import { seq } from "./sequence.js";
import type { Session } from "./session.js";
import { hasDatagrams } from "./version.js";

const ignore = (): void => {};

export class Datagrams {
	readonly #s: Session;
	readonly #duplex: DatagramDuplex;
	/** One writer for the session (getWriter locks the stream), taken on the first send. */
	#writer: WritableStreamDefaultWriter<Uint8Array> | undefined;

	private constructor(s: Session, duplex: DatagramDuplex) {
		this.#s = s;
		this.#duplex = duplex;
	}

	/** Only on 05+ over a transport that carries datagrams (never WebSocket, never a max size of 0). */
	static open(s: Session): Datagrams | undefined {
		const duplex = s.transport.datagrams;
		if (!hasDatagrams(s.version) || !duplex || !(duplex.maxDatagramSize > 0)) return undefined;
		return new Datagrams(s, duplex);
	}

	/** Sends a served subscription's datagrams until its subscriber closes or the track ends. */
	async serve(id: U62, sub: TrackSubscriber): Promise<void> {
		const w = (this.#writer ??= this.#duplex.writable.getWriter());
		try {
			for (let d = await sub.recvDatagram(); d; d = await sub.recvDatagram()) {
				const body = encodeDatagram({ subscribeId: id, sequence: d.sequence, timestamp: d.timestamp, payload: d.payload }, this.#s.version, this.#s.engine);
				// Read each time: a QUIC path's datagram size can change during the connection.
				if (body.byteLength > this.#duplex.maxDatagramSize) continue;
				if ((w.desiredSize ?? 1) <= 0) await w.ready;
				w.write(body).catch(ignore);
			}
		} catch {
			// The track aborted or the transport closed: the subscription itself reports that.
		}
	}

	/** Routes incoming datagrams to their subscription's track until the transport closes. */
	async receive(): Promise<void> {
		const reader = this.#duplex.readable.getReader();
		for (;;) {
			let chunk: Uint8Array;
			try {
				const r = await reader.read();
				if (r.done) return;
				chunk = r.value;
			} catch {
				return;
			}
			try {
				const d = decodeDatagram(chunk, this.#s.version, this.#s.engine);
				// Unknown or closed subscription ids are dropped; ids exist only once TRACK_INFO arrived.
				this.#s.subscriber.route(d.subscribeId)?.writeDatagram(seq(d.sequence), d.timestamp, d.payload);
			} catch {
				// Malformed, or refused by the track (past its final sequence, closed): dropped.
			}
		}
	}
}
