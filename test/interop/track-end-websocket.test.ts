// Track end over a real socket (issue #9 item 4): @moq/net 0.3.4's subscriber ends the track at the SUBSCRIBE
// FIN and drops group streams it has not reached yet. Over QMux/WebSocket our FIN follows every group stream's
// close(), which resolves once the group's FIN is on the socket, and QMux keeps one socket's order: each group's
// bytes reach the reference before the SUBSCRIBE FIN. Many groups per track so a reordering would show.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as Moq from "@moq/net";
import { beforeAll, expect, test } from "vitest";
import { WebSocket } from "ws";
import { accept } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";
import { referenceFile } from "./session-peers.js";

const closers = referenceFile();
// @moq/net dials with the global WebSocket, which Node 20 lacks (this file runs in its own worker).
beforeAll(() => void ((globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket));

const GROUPS = 20;

test("track end over WebSocket: @moq/net's subscriber gets every group with its frames, then the end", async () => {
	const origin = new OriginProducer();
	const track = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const server = createServer();
	const handle = serveWebSocket(server, {
		path: "/",
		onSession: (transport) => void accept(transport, { publish: origin.consume() }).then((s) => closers.push(() => s.close())),
	});
	closers.push(() => void handle.close());
	await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
	closers.push(() => {
		server.closeAllConnections();
		server.close();
	});
	const { port } = server.address() as AddressInfo;
	const client = await Moq.Connection.connect(new URL(`http://127.0.0.1:${port}/`), { websocket: { delay: 0 } });
	closers.push(() => client.close());
	const sub = client.consume(Moq.Path.from("room")).track("video").subscribe();
	await sub.info();
	while (!track.subscription) await new Promise((r) => setTimeout(r, 1));
	for (let g = 0; g < GROUPS; g++) {
		const group = track.appendGroup();
		group.writeFrame(g * 10, Uint8Array.of(g, 1));
		group.writeFrame(g * 10 + 1, new Uint8Array(3000).fill(g));
		group.finish();
	}
	track.finish();
	const got: [number, number[]][] = [];
	for (let group = await sub.recvGroup(); group; group = await sub.recvGroup()) {
		const sizes: number[] = [];
		for (let f = await group.readFrame(); f; f = await group.readFrame()) sizes.push(f.payload.byteLength);
		got.push([group.sequence, sizes]);
	}
	expect(got).toEqual(Array.from({ length: GROUPS }, (_, g) => [g, [2, 3000]]));
});
