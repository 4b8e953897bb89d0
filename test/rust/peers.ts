// Clients of a Rust relay over each transport both sides share: ours (moqwire sessions) and the reference JS
// (@moq/net) — the latter over our QUIC stack for WebTransport/raw QUIC (Node has no WebTransport) and over its
// own WebSocket/QMux client for WebSocket.
import * as Moq from "@moq/net";
import { WebSocket } from "ws";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectQuic } from "../../src/transport/quic/client.js";
import type { Transport } from "../../src/transport/types.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import type { RustRelay } from "./moq-relay.js";

export type TransportName = "webtransport" | "quic" | "websocket";
export const TRANSPORTS: readonly TransportName[] = ["webtransport", "quic", "websocket"];

/** What the suite exercised, printed by the report at the end of each file (and by .ci/run). */
export const exercised = new Set<string>();

export async function dial(relay: RustRelay, t: TransportName, protocols?: readonly string[]): Promise<Transport> {
	const opts = protocols ? { protocols } : {};
	if (t === "websocket") return connectWebSocket(relay.url("ws"), opts);
	const pin = { serverCertificateHashes: [{ algorithm: "sha-256", value: relay.fingerprint }] };
	return connectQuic(relay.url(t === "quic" ? "moql" : "https"), { ...opts, ...pin });
}

export interface OursClient {
	session: Session;
	/** What we publish to the relay. */
	published: OriginProducer;
	/** What the relay announces to us. */
	remote: OriginProducer;
}

export async function ours(relay: RustRelay, t: TransportName, protocols?: readonly string[]): Promise<OursClient> {
	const published = new OriginProducer();
	const remote = new OriginProducer();
	const session = await connect(await dial(relay, t, protocols), { publish: published.consume(), subscribe: remote });
	exercised.add(`ours ${t} ${session.transport.protocol}`);
	return { session, published, remote };
}

export type Theirs = Awaited<ReturnType<typeof Moq.Connection.connect>>;

/** @moq/net needs a global WebSocket (Node 20 has none) and Set.prototype.difference; installed once. */
function prepare(): void {
	const g = globalThis as { WebSocket?: unknown };
	g.WebSocket ??= WebSocket;
	const proto = Set.prototype as unknown as { difference?: (o: Set<unknown>) => Set<unknown> };
	proto.difference ??= function (this: Set<unknown>, other: Set<unknown>) {
		return new Set([...this].filter((v) => !other.has(v)));
	};
}

export async function theirs(relay: RustRelay, t: TransportName): Promise<Theirs> {
	prepare();
	const conn =
		t === "websocket"
			? await Moq.Connection.connect(new URL(relay.url("http")), { websocket: { delay: 0 } })
			: await Moq.Connection.connect(new URL(relay.url(t === "quic" ? "moql" : "https")), {
					// What @moq/net 0.3.4 offers itself: it has no moq-lite-06 final.
					transport: (await dial(relay, t, ["moq-lite-05", "moq-lite-04", "moq-lite-03"])) as unknown as WebTransport,
				});
	exercised.add(`@moq/net ${t} ${conn.version}`);
	return conn;
}

export function frame(ts: number, text: string) {
	return { payload: new TextEncoder().encode(text), timestamp: new Moq.Time.Timestamp(ts, Moq.Time.Timescale(1000)) };
}
