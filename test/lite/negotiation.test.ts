// Version negotiation (moq-lite-versions §1, checklist §6.1): our client offers moq-lite-06 first and our server
// takes it; @moq/net 0.3.4 (05, 04, 03, no 06 final) lands on 05; moq-lite-06-wip is refused, as 06-final
// upstream builds do. Over real WebSocket (QMux) connections on an ephemeral port.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as Moq from "@moq/net";
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { WebSocket } from "ws";
import { accept, connect, SUPPORTED_PROTOCOLS, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { ensurePromiseWithResolvers } from "../../src/transport/websocket/polyfill.js";
import { serveWebSocket } from "../../src/transport/websocket/server.js";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});
beforeAll(() => {
	ensurePromiseWithResolvers();
	(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
	for (const level of ["log", "debug", "info", "warn"] as const) vi.spyOn(console, level).mockImplementation(() => {});
});

/** Our server publishing room/video; resolves the accepted sessions as they come. */
async function server(): Promise<{ url: URL; sessions: Promise<Session>[] }> {
	const http = createServer();
	const origin = new OriginProducer();
	const video = origin.createBroadcast("room").createTrack("video", { timescale: 1000 });
	const g = video.appendGroup();
	g.writeFrame(1, Uint8Array.of(6));
	g.finish();
	const sessions: Promise<Session>[] = [];
	const handle = serveWebSocket(http, { onSession: (t) => sessions.push(accept(t, { publish: origin.consume() })) });
	await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
	cleanup.push(() => new Promise((r) => http.close(r)), () => handle.close());
	return { url: new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`), sessions };
}

test("we offer moq-lite-06 first, before 05, 04, 03, and never a -wip", () => {
	expect(SUPPORTED_PROTOCOLS).toEqual(["moq-lite-06", "moq-lite-05", "moq-lite-04", "moq-lite-03"]);
});

test("our client and our server land on moq-lite-06 and a subscription delivers", async () => {
	const { url, sessions } = await server();
	const remote = new OriginProducer();
	const client = await connect(await connectWebSocket(url), { subscribe: remote });
	cleanup.push(() => client.close());
	const srv = await sessions[0]!;
	expect([client.protocol, srv.protocol]).toEqual(["moq-lite-06", "moq-lite-06"]);
	const sub = await (await remote.consume().requestBroadcast("room")).track("video").subscribe({ startGroup: 0 });
	const group = await sub.recvGroup();
	expect([...(await group!.readFrame())!.payload]).toEqual([6]);
});

test("@moq/net 0.3.4 (no 06 final) lands on moq-lite-05 with our server", async () => {
	const { url, sessions } = await server();
	const conn = await Moq.Connection.connect(url);
	cleanup.push(() => conn.close());
	expect(conn.version).toBe("moq-lite-05");
	expect((await sessions[0]!).protocol).toBe("moq-lite-05");
});

test("a client offering only moq-lite-06-wip is refused", async () => {
	const { url } = await server();
	await expect(connectWebSocket(url, { protocols: ["moq-lite-06-wip"] })).rejects.toBeInstanceOf(Error);
});
