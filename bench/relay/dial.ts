// How the bench's publisher and subscribers reach a moq relay: our client over WebSocket (QMux) or QUIC.
import { connect, type Session } from "../../src/lite/index.js";
import type { SessionOptions } from "../../src/lite/options.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import type { Transport } from "./targets.js";

export async function dial(url: string, transport: Transport, options: SessionOptions): Promise<Session> {
	if (transport === "ws") return connect(await connectWebSocket(url), options);
	// Loaded only for QUIC runs, so WebSocket clients stay small.
	const { connectQuic } = await import("../../src/transport/quic/client.js");
	return connect(await connectQuic(url), options);
}
