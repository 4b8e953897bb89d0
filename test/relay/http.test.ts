// The relay's HTTP side as a spawned process: statuses in words and codes, CORS only where meant, and no request
// (malformed URL, bad percent-encoding, an upgrade to "//") can end the process.
import { connect as tcp } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { killAll, type Spawned, startRelay } from "./spawn.js";

afterEach(killAll);

/** One raw HTTP/1.1 request; resolves with the status line's code and the whole answer. */
function raw(port: number, head: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const socket = tcp(port, "127.0.0.1", () => socket.write(head));
		let text = "";
		socket.on("data", (d) => {
			text += d;
			// One answer is enough; a kept-alive socket would never end on its own.
			if (/\r\n\r\n/.test(text)) socket.end();
		});
		socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0), text }));
		socket.on("error", reject);
	});
}

const get = (path: string, extra = "") => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${extra}\r\n`;
const upgrade = (path: string) =>
	get(path, "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: moq-lite-05\r\n");

async function alive(relay: Spawned): Promise<void> {
	const res = await fetch(`http://127.0.0.1:${relay.port}/health`);
	expect([res.status, await res.text()]).toEqual([200, "ok\n"]);
}

describe("relay HTTP", () => {
	it("answers malformed requests with 400 and stays up", async () => {
		const relay = await startRelay();
		const cases: [string, number, RegExp][] = [
			[get("//"), 400, /malformed request URL "\/\/"/],
			[get("/fetch/%E0%A4%A/x"), 400, /malformed percent-encoding/],
			[get("/fetch/demo/%ZZ"), 400, /malformed percent-encoding in "%ZZ"/],
			[upgrade("//"), 400, /malformed request URL/],
			[get(`/fetch/${"a/".repeat(5000)}track`), 400, /more than 32/],
			[get("/fetch/a/b?group=99999999999999999999"), 400, /group 99999999999999999999 is beyond/],
			[get("/fetch/a/b?group=-1"), 400, /whole number, got "-1"/],
			[get("/fetch/x"), 400, /usage: \/fetch\/<broadcast>\/<track>/],
			[`POST /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi`, 405, /method POST is not allowed/],
			[get("/health", "Content-Length: 5\r\n") + "hello", 413, /request bodies are not accepted/],
			[get("/health", `X-Big: ${"x".repeat(20_000)}\r\n`), 431, /./],
		];
		for (const [head, status, body] of cases) {
			const answer = await raw(relay.port, head);
			expect([head.slice(0, 40), answer.status]).toEqual([head.slice(0, 40), status]);
			expect(answer.text).toMatch(body);
			await alive(relay);
		}
	});

	it("answers an unknown broadcast on /fetch with 404 at once, CORS only on /fetch and /certificate.sha256", async () => {
		const relay = await startRelay();
		const base = `http://127.0.0.1:${relay.port}`;
		const missing = await fetch(`${base}/fetch/nope/missing/seconds?group=latest`);
		expect(missing.status).toBe(404);
		expect(await missing.text()).toMatch(/^nope\/missing\/seconds group latest: .*not announced.*\(code 54\)\n$/);
		expect(missing.headers.get("access-control-allow-origin")).toBe("*");
		const cert = await fetch(`${base}/certificate.sha256`);
		expect([cert.status, cert.headers.get("access-control-allow-origin")]).toEqual([200, "*"]);
		expect(await cert.text()).toMatch(/^[0-9a-f]{64}$/);
		for (const path of ["/health", "/nowhere", "/"]) {
			const res = await fetch(`${base}${path}`);
			expect(res.headers.get("access-control-allow-origin")).toBeNull();
			if (path !== "/health") expect(res.status).toBe(404);
		}
		const method = await fetch(`${base}/fetch/a/b`, { method: "DELETE" });
		expect([method.status, method.headers.get("allow")]).toEqual([405, "GET, HEAD"]);
	});
});
