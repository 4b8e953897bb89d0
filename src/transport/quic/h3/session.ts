// A WebTransport session over HTTP/3, once its CONNECT has been answered with 2xx: streams carry the session id after
// their signal, datagrams the quarter stream id, reset codes are mapped into the HTTP/3 range, and the CONNECT stream
// carries the WT_CLOSE_SESSION capsule that ends the session (its FIN alone ends it with code 0).
import { TransportError } from "../../../error.js";
import type { StreamReader } from "../reader.js";
import { QuicTransport } from "../transport.js";
import { concat, encodeVarint } from "../varint.js";
import { CLOSE_SESSION, closeCapsuleFrame, decodeClose, parseCapsules } from "./capsule.js";
import { fromHttp3, toHttp3 } from "./codes.js";
import type { H3Connection } from "./connection.js";
import { Frame, H3Error, readFrame, UniStream, WEBTRANSPORT_BIDI } from "./frames.js";

/** How long a closing side waits for the peer to take the close capsule before it closes the connection. */
const CLOSE_GRACE_MS = 500;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export interface ConnectStream {
	readonly reader: StreamReader;
	readonly writer: WritableStreamDefaultWriter<Uint8Array>;
}

/**
 * Starts the session whose CONNECT stream has id `id`. We run one session per connection, so the connection goes
 * when the session does.
 */
export function startSession(h3: H3Connection, id: number, connect: ConnectStream, protocol: string): QuicTransport {
	const { writer } = connect;
	let peerDone!: () => void;
	const peerFinished = new Promise<void>((r) => (peerDone = r));
	const transport = new QuicTransport(h3.link, protocol, {
		codes: { toWire: toHttp3, fromWire: fromHttp3 },
		bidiHeader: concat(WEBTRANSPORT_BIDI, id),
		uniHeader: concat(UniStream.WebTransport, id),
		datagramHeader: encodeVarint(id / 4),
		close: async ({ closeCode, reason }) => {
			await writer.write(closeCapsuleFrame(closeCode, reason));
			await writer.close();
		},
	});
	h3.register(id, transport);
	void watch(connect.reader, transport).finally(peerDone);
	// However the session ended, give the peer a moment to take our capsule (closing the connection at once would
	// discard it), finish our side of the CONNECT stream, and let the connection go.
	void transport.closed
		.catch(() => undefined)
		.then(async () => {
			await Promise.race([peerFinished, sleep(CLOSE_GRACE_MS)]);
			await writer.close().catch(() => {});
			await h3.fail(H3Error.NoError, "");
		})
		.catch(() => {});
	return transport;
}

/** Reads the CONNECT stream until the session ends: a close capsule, a FIN, or a failure. */
async function watch(reader: StreamReader, transport: QuicTransport): Promise<void> {
	let pending: Uint8Array = new Uint8Array(0);
	try {
		for (;;) {
			const frame = await readFrame(reader);
			if (!frame) return transport.end({ closeCode: 0, reason: "" });
			if (frame.type !== Frame.Data) continue;
			const { capsules, rest } = parseCapsules(concat(pending, frame.payload));
			pending = rest;
			const close = capsules.find((c) => c.type === CLOSE_SESSION);
			if (close) return transport.end(decodeClose(close.payload));
		}
	} catch (err) {
		transport.end(new TransportError("WebTransport CONNECT stream failed", { cause: err }));
	}
}
