// The lean bench subscriber: still the real protocol — QMux over WebSocket with its flow control, moq-lite SETUP,
// SUBSCRIBE, and the relay's GROUP streams decoded by the codec — but straight on our QMux connection and the
// Decoder, without the session, the model and web streams, so that hundreds of viewers in one process cost
// little next to the relay they measure (`--client session` runs the full client instead).
import { WebSocket } from "ws";
import { BidiStreamType, Decoder, encodeSetup, encodeSubscribe, encodeVarint, Role, UniStreamType, type Version } from "../../src/codec/index.js";
import { versionFromProtocol } from "../../src/lite/version.js";
import { QmuxConnection } from "../../src/transport/qmux/connection.js";
import type { QmuxRecvStream } from "../../src/transport/qmux/recv-stream.js";
import type { WebSocketLike } from "../../src/transport/qmux/socket.js";
import { wireOf } from "../../src/transport/qmux/wire.js";
import { alpnOf, offeredSubprotocols } from "../../src/transport/websocket/subprotocol.js";

export interface LeanSubscription {
	readonly conn: QmuxConnection;
	/** Settles once the relay answered the SUBSCRIBE (rejects when it refused it or the connection failed). */
	readonly ok: Promise<void>;
}

const SUBSCRIBE_ID = 0;

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
	let at = 0;
	for (const p of parts) out.set(p, (at += p.byteLength) - p.byteLength);
	return out;
}

/** One viewer of `broadcast`/`track` at `url` (http: or ws:); `onFrame` gets each payload (a view) as it arrives. */
export async function leanSubscribe(url: string, broadcast: string, track: string, onFrame: (payload: Uint8Array) => void): Promise<LeanSubscription> {
	const ws = new WebSocket(url.replace(/^http/, "ws"), offeredSubprotocols(["moq-lite-05"]), { perMessageDeflate: false });
	const conn = await new Promise<QmuxConnection>((resolve, reject) => {
		// Built in the open event itself: the relay's first message may follow right after it.
		ws.once("open", () => resolve(new QmuxConnection(ws as unknown as WebSocketLike, wireOf(ws.protocol), "client")));
		ws.once("error", reject);
	});
	const version = versionFromProtocol(alpnOf(ws.protocol));
	conn.onIncoming = ({ recv, send }) => {
		// We serve nothing: a bidi stream the relay opens (an announce interest, a probe) is refused with 0.
		if (send) {
			recv.stop(0);
			void send.abort();
		} else readUni(recv, version, onFrame);
	};
	await conn.ready;
	const setup = await conn.openUni(null);
	void setup.write(concat(encodeVarint(UniStreamType.Setup), encodeSetup({ role: Role.Subscriber }, version)));
	void setup.close();
	const { send, recv } = await conn.openBidi(null);
	const subscribe = { id: SUBSCRIBE_ID, broadcast, track, priority: 0, ordered: false, maxLatency: 0 };
	void send.write(concat(encodeVarint(BidiStreamType.Subscribe), encodeSubscribe(subscribe, version)));
	const ok = new Promise<void>((resolve, reject) => {
		const d = new Decoder();
		recv.take({
			chunk(c) {
				d.push(c);
				if (d.message("subscribeResponse", version) !== undefined) resolve();
			},
			end: (err) => reject(err ?? new Error("SUBSCRIBE stream ended before a response")),
		});
	});
	ok.catch(() => {});
	return { conn, ok };
}

/** A uni stream from the relay: the peer's SETUP (drained), or a GROUP stream whose frames go to `onFrame`. */
function readUni(recv: QmuxRecvStream, version: Version, onFrame: (payload: Uint8Array) => void): void {
	const d = new Decoder();
	let type: number | bigint | undefined;
	let header = false;
	recv.take({
		chunk(c) {
			d.push(c);
			try {
				type ??= d.varint();
				if (type !== UniStreamType.Group) return;
				if (!header) {
					const h = d.message("group", version);
					if (h === undefined) return;
					if (Number(h.subscribeId) !== SUBSCRIBE_ID) throw new Error(`GROUP for subscription ${h.subscribeId}, never asked for`);
					header = true;
				}
				for (const f of d.frames(version)) onFrame(f.payload);
			} catch (err) {
				process.send?.({ error: `bad GROUP stream ${recv.id}: ${(err as Error).message}` });
				recv.stop(0);
			}
		},
		end() {},
	});
}
