// @moq/web-transport gives no typed stream error (every napi method maps its Rust error to a plain Error with the
// error's Display as message), so the reset/stop code is read from that exact text. These tests pin the shape that
// reading relies on to the installed version: an upgrade fails here first, loudly, instead of silently turning
// every peer reset into "stream failed".
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ADDON_VERSION, addonStreamCode, load } from "../../src/transport/quic/moq-web-transport.js";
import { quicProvider } from "../../src/transport/quic/provider.js";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import type { Transport } from "../../src/transport/types.js";

// The package exports only its TypeScript entry (src/index.ts): its directory is the one above that.
const packageDir = join(dirname(createRequire(import.meta.url).resolve("@moq/web-transport")), "..");
const addon = load();
const addonMissing = "error" in addon ? addon.error : undefined;

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("@moq/web-transport error shape", () => {
	it(`the installed addon is ${ADDON_VERSION}, the version whose error text addonStreamCode reads`, () => {
		const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
		expect(version, `@moq/web-transport ${version} installed: re-check its stream error shape (rs/web-transport-node maps errors with Error::from_reason(e.to_string())) and update ADDON_VERSION`).toBe(ADDON_VERSION);
	});

	it("its typings declare no error type and no code on a failure: reads and writes only reject", () => {
		const dts = readFileSync(join(packageDir, "napi.d.cts"), "utf8");
		expect(dts).not.toMatch(/\b(?:class|interface|type|enum)\s+\w*(?:Error|Code)\b/);
		expect(dts).toMatch(/read\(maxSize: number\): Promise<Buffer \| null>/);
		expect(dts).toMatch(/write\(data: Buffer\): Promise<void>/);
	});

	it("reads the code from exactly RESET_STREAM: N and STOP_SENDING: N, and from nothing else", () => {
		const napiError = (message: string) => Object.assign(new Error(message), { code: "GenericFailure" });
		expect(addonStreamCode(napiError("RESET_STREAM: 9"))).toBe(9);
		expect(addonStreamCode(napiError("STOP_SENDING: 7"))).toBe(7);
		expect(addonStreamCode(napiError("RESET_STREAM: 4294967295"))).toBe(2 ** 32 - 1);
		// A code outside the WebTransport range, a session's close code, text that merely holds a number.
		for (const text of ["invalid RESET_STREAM: 1095216660480", "session error: webtransport error: closed: code=6 reason=bye", "connection error: reset by peer", "stream reset 3 times", "STOP_SENDING: 7 and more", ""]) {
			expect(addonStreamCode(napiError(text)), text).toBeUndefined();
		}
		expect(addonStreamCode(undefined)).toBeUndefined();
	});
});

describe.skipIf(addonMissing)("@moq/web-transport against our HTTP/3 server (needs the addon's binary: glibc >= 2.38)", () => {
	it("a peer's RESET_STREAM and STOP_SENDING reach the addon as exactly that text, and our adapter as the code", async () => {
		if ("error" in addon) throw new Error(addon.error);
		let accepted!: (t: Transport) => void;
		const session = new Promise<Transport>((r) => (accepted = r));
		const server = await quicProvider({ prefer: "@matrixai/quic" }).serve({ raw: false, onSession: (t) => accepted(t) });
		cleanup.push(() => server.close());
		// The server stops what it reads with 7 and resets what it writes with 9, on every bidi stream.
		void session.then(async (t) => {
			for await (const s of t.incomingBidirectionalStreams) {
				void s.readable.cancel(resetReason(7)).catch(() => {});
				void s.writable.abort(resetReason(9)).catch(() => {});
			}
		});
		const url = `https://127.0.0.1:${server.port}/`;
		const hash = Buffer.from(server.certificateHash);

		// The bare napi objects: the message is the whole contract.
		const napiSession = await addon.napi.NapiClient.withCertificateHashes([hash]).connect(url, { protocols: ["moq-lite-05"] });
		cleanup.push(() => napiSession.close(0, ""));
		const bi = await napiSession.openBi();
		const send = bi.takeSend();
		const recv = bi.takeRecv();
		await send.write(Buffer.from("x"));
		const readFailure = await recv.read(100).then(() => undefined, (e: unknown) => e as Error & { code?: string });
		expect(readFailure).toMatchObject({ message: "RESET_STREAM: 9", code: "GenericFailure" });
		let writeFailure: (Error & { code?: string }) | undefined;
		while (!writeFailure) writeFailure = await send.write(Buffer.from("x")).then(() => undefined, (e: unknown) => e as Error);
		expect(writeFailure.message).toBe("STOP_SENDING: 7");

		// Through our adapter the same failures carry the codes.
		const client = await quicProvider({ log: () => {} }).connect(url, { serverCertificateHashes: [server.certificateHash] });
		cleanup.push(() => client.close());
		const stream = await client.createBidirectionalStream();
		const writer = stream.writable.getWriter();
		await writer.write(Uint8Array.of(1));
		const read = await stream.readable.getReader().read().then(() => undefined, (e: unknown) => e);
		expect(resetCode(read)).toBe(9);
		let write: unknown;
		while (write === undefined) write = await writer.write(Uint8Array.of(1)).then(() => undefined, (e: unknown) => e);
		expect(resetCode(write)).toBe(7);
	});
});
