// Authentication end to end: a spawned relay with a key made by the reference's @moq/token and a public prefix;
// clients over WebSocket and WebTransport publish, subscribe and fetch inside and outside their grants.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as MoqToken from "@moq/token";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode, SessionCode, UnauthorizedError } from "../../src/error.js";
import { connect, type Session } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { connectQuic } from "../../src/transport/quic/index.js";
import { connectWebSocket } from "../../src/transport/websocket/client.js";
import { killAll, type Spawned, startRelay } from "./spawn.js";

let relay: Spawned;
let key: MoqToken.Key;
const sessions: Session[] = [];

beforeAll(async () => {
	key = await MoqToken.generate("HS256", "test-key");
	const dir = mkdtempSync(join(tmpdir(), "moqwire-auth-"));
	writeFileSync(join(dir, "key.jwk"), JSON.stringify(key));
	relay = await startRelay(["--auth-key", join(dir, "key.jwk"), "--auth-public", "anon"]);
});
afterEach(() => {
	for (const s of sessions.splice(0)) s.close();
});
afterAll(killAll);

const token = (claims: MoqToken.Claims) => MoqToken.sign(key, claims);
const url = (path: string, jwt?: string) => `http://127.0.0.1:${relay.port}${path}${jwt ? `?jwt=${jwt}` : ""}`;

async function client(path: string, jwt: string | undefined, options: Parameters<typeof connect>[1]): Promise<Session> {
	const session = await connect(await connectWebSocket(url(path, jwt)), options);
	sessions.push(session);
	return session;
}

/** A publisher of `paths`, each with a track "video" holding one group whose frame is the path. */
async function publish(path: string, jwt: string | undefined, paths: string[]): Promise<Session> {
	const origin = new OriginProducer();
	for (const p of paths) origin.createBroadcast(p).createTrack("video").writeFrame(1, new TextEncoder().encode(p));
	return client(path, jwt, { publish: origin.consume() });
}

async function firstFrame(remote: OriginProducer, path: string): Promise<string> {
	const sub = await (await remote.consume().requestBroadcast(path)).track("video").subscribe();
	try {
		const frame = await (await sub.recvGroup())!.readFrame();
		return new TextDecoder().decode(frame!.payload);
	} finally {
		sub.close();
	}
}

/** Resolves once the relay logged a line matching `line`. */
async function relayLogged(line: RegExp): Promise<void> {
	while (!line.test(relay.err())) await new Promise((r) => setTimeout(r, 20));
}

async function announced(prefix: string, jwt?: string): Promise<{ status: number; body: string }> {
	const res = await fetch(url(`/announced/${prefix}`, jwt));
	return { status: res.status, body: await res.text() };
}

/** Waits until the relay lists `path` under `prefix` (the publisher's announce has landed). */
async function listed(prefix: string, jwt: string, path: string): Promise<void> {
	while (!(JSON.parse((await announced(prefix, jwt)).body) as string[]).includes(path)) await new Promise((r) => setTimeout(r, 20));
}

describe("relay auth", () => {
	it("takes publishes inside the grant only, serves subscribes inside the grant only, and fetch follows the same rules", async () => {
		await publish("/demo", await token({ root: "demo", put: ["alice"] }), ["alice/cam", "bob/cam"]);
		const all = await token({ root: "demo", get: [""] });
		await listed("demo", all, "alice/cam");
		// bob/cam was never asked for: it is not on the relay at all.
		expect(JSON.parse((await announced("demo", all)).body)).toEqual(["alice/cam"]);

		const viewer = new OriginProducer();
		await client("/demo", all, { subscribe: viewer });
		expect(await firstFrame(viewer, "alice/cam")).toBe("alice/cam");

		// A subscriber granted only carol/: alice/cam is neither announced to it nor served (Unroutable, 30).
		const narrow = new OriginProducer();
		const carol = await token({ root: "demo", get: ["carol"] });
		await client("/demo", carol, { subscribe: narrow });
		await expect(firstFrame(narrow, "alice/cam")).rejects.toMatchObject({ code: ErrorCode.Unroutable });

		const fetchStatus = async (path: string, jwt?: string) => (await fetch(`${url(`/fetch/${path}/video`, jwt)}${jwt ? "&" : "?"}group=0`)).status;
		expect(await fetchStatus("demo/alice/cam", all)).toBe(200);
		expect(await fetchStatus("demo/alice/cam", carol)).toBe(401);
		expect(await fetchStatus("demo/alice/cam")).toBe(401);
		expect(await fetchStatus("demo/alice/cam", "not.a.token")).toBe(401);
		// Public: allowed, and simply not there.
		expect(await fetchStatus("anon/room")).toBe(404);
		expect((await announced("demo")).status).toBe(401);
		expect(await announced("anon")).toEqual({ status: 200, body: "[]\n" });
	});

	it("refuses WebSocket sessions with 401 before the upgrade: no token, another key's token, an expired token", async () => {
		const other = await MoqToken.generate("HS256", "test-key");
		const cases = [
			url("/demo"),
			url("/demo", await MoqToken.sign(other, { root: "demo", get: [""] })),
			url("/demo", await token({ root: "demo", get: [""], exp: Math.floor(Date.now() / 1000) - 10 })),
			url("/other", await token({ root: "demo", get: [""] })),
		];
		for (const u of cases) await expect(connectWebSocket(u), u).rejects.toThrow(/401/);
		// The public prefix needs no token.
		const session = await connect(await connectWebSocket(url("/anon/room")), { subscribe: new OriginProducer() });
		sessions.push(session);
		expect(session.isClosed).toBe(false);
	});

	it("closes a refused WebTransport session with Unauthorized", async () => {
		const transport = await connectQuic(url("/demo", "garbage"));
		const info = (await transport.closed) as { closeCode?: number };
		expect(info.closeCode).toBe(SessionCode.Unauthorized);
	});

	describe("raw QUIC: the token in the SETUP Path (/path?jwt=)", () => {
		const quic = async (path: string, jwt: string | undefined, viewer = new OriginProducer()): Promise<Session> => {
			const pin = await (await fetch(url("/certificate.sha256"))).text();
			// Dialed at the root: only the SETUP Path says where the client wants to be.
			const transport = await connectQuic(`moql://127.0.0.1:${relay.port}/`, { serverCertificateHashes: [{ algorithm: "sha-256", value: pin }] });
			const session = await connect(transport, { subscribe: viewer, path: `${path}${jwt ? `?jwt=${jwt}` : ""}` });
			sessions.push(session);
			return session;
		};

		it("a valid token at its path is granted there: the session sees what the token lets it subscribe to", async () => {
			await publish("/demo", await token({ root: "demo", put: ["quic"] }), ["quic/cam"]);
			const viewer = new OriginProducer();
			const session = await quic("/demo", await token({ root: "demo", get: ["quic"] }), viewer);
			expect(session.protocol).toMatch(/^moq-lite-0[56]$/);
			// The grant's root is the SETUP Path: broadcasts are named relative to /demo.
			expect(await firstFrame(viewer, "quic/cam")).toBe("quic/cam");
			await relayLogged(/session open 127\.0\.0\.1:\d+ quic moq-lite-0[56] root="demo"/);
			expect(session.isClosed).toBe(false);
		});

		it.each([
			["no token outside the public prefix", "/demo", undefined],
			["a token that does not verify", "/demo", "not.a.token"],
			["a valid token at another path", "/other", "demo"],
		])("refuses %s with Unauthorized (6)", async (_, path, jwt) => {
			const session = await quic(path, jwt === "demo" ? await token({ root: "demo", get: [""] }) : jwt);
			const err = await session.closed;
			expect(err).toBeInstanceOf(UnauthorizedError);
			expect(err).toMatchObject({ remote: true, sessionCode: SessionCode.Unauthorized });
		});

		it("a raw QUIC client that never sends SETUP is closed at --listen-timeout with ControlMessageTimeout", async () => {
			const quick = await startRelay(["--auth-public", "", "--listen-timeout", "300ms"]);
			const pin = await (await fetch(`http://127.0.0.1:${quick.port}/certificate.sha256`)).text();
			const transport = await connectQuic(`moql://127.0.0.1:${quick.port}/`, { serverCertificateHashes: [{ algorithm: "sha-256", value: pin }] });
			const info = (await transport.closed) as { closeCode?: number };
			expect(info.closeCode).toBe(SessionCode.ControlMessageTimeout);
			expect(quick.err()).toMatch(/session failed 127\.0\.0\.1:\d+ quic: .*no SETUP from the peer/);
		});

		it("the public prefix needs no token, and connect() of a moql: URL sends its path itself", async () => {
			const pin = await (await fetch(url("/certificate.sha256"))).text();
			const viewer = new OriginProducer();
			const anon = new OriginProducer();
			anon.createBroadcast("lobby").createTrack("video").writeFrame(1, new TextEncoder().encode("hi"));
			sessions.push(await client("/anon", undefined, { publish: anon.consume() }));
			const session = await connect(`moql://127.0.0.1:${relay.port}/anon`, {
				subscribe: viewer,
				dial: (u, protocols) => connectQuic(u, { protocols, serverCertificateHashes: [{ algorithm: "sha-256", value: pin }] }),
			});
			sessions.push(session);
			// Announced to this session (rooted at /anon) once the publisher's announce has reached the relay.
			const lobby = await viewer.consume().announcedBroadcast("lobby", { signal: AbortSignal.timeout(20_000) });
			const sub = await lobby.track("video").subscribe();
			expect(new TextDecoder().decode((await (await sub.recvGroup())!.readFrame())!.payload)).toBe("hi");
			sub.close();
		});
	});

	it("ends a session with Unauthorized when its token expires", async () => {
		const exp = Math.floor(Date.now() / 1000) + 2;
		const session = await client("/demo", await token({ root: "demo", get: [""], exp }), { subscribe: new OriginProducer() });
		const err = await session.closed;
		expect(err).toBeInstanceOf(UnauthorizedError);
		expect(err).toMatchObject({ remote: true, sessionCode: SessionCode.Unauthorized });
		expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000);
		// The relay's log line follows its close.
		const line = /session closed 127\.0\.0\.1:\d+ websocket moq-lite-06 root="demo" after [\d.]+ s: token expired$/m;
		while (!line.test(relay.err())) await new Promise((r) => setTimeout(r, 20));
	});
});
