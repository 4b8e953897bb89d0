// The QUIC provider seam. Where @moq/web-transport's binary loads (glibc >= 2.38) it is the provider and is tested
// against our own HTTP/3 layer both ways; elsewhere those tests are skipped with the reason, and the seam runs on
// @matrixai/quic.
import { afterEach, describe, expect, it } from "vitest";
import { load } from "../../src/transport/quic/moq-web-transport.js";
import { quicProvider, type QuicProvider } from "../../src/transport/quic/provider.js";
import type { Transport } from "../../src/transport/types.js";

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const fn of cleanup.splice(0).reverse()) await fn();
});

const addon = load();
const addonMissing = "error" in addon ? addon.error : undefined;
if (addonMissing) console.log(`SKIP @moq/web-transport tests: ${addonMissing}`);

/** Echo of one bidi stream from `client` through a server of `server`'s provider. */
async function echoThrough(serverSide: QuicProvider, clientSide: QuicProvider): Promise<{ text: string; protocol?: string }> {
	let resolve!: (t: Transport) => void;
	const accepted = new Promise<Transport>((r) => (resolve = r));
	const server = await serverSide.serve({ raw: false, onSession: resolve });
	cleanup.push(() => server.close());
	const client = await clientSide.connect(`https://127.0.0.1:${server.port}/moq`, {
		serverCertificateHashes: [server.certificateHash],
	});
	cleanup.push(() => client.close());
	const session = await accepted;
	void (async () => {
		for await (const s of session.incomingBidirectionalStreams) void s.readable.pipeTo(s.writable);
	})().catch(() => {});
	const bidi = await client.createBidirectionalStream();
	const w = bidi.writable.getWriter();
	await w.write(new TextEncoder().encode("through the seam"));
	await w.close();
	const chunks: Uint8Array[] = [];
	for await (const c of bidi.readable) chunks.push(c);
	return { text: new TextDecoder().decode(Buffer.concat(chunks)), protocol: client.protocol };
}

describe("quic provider", () => {
	it("picks @moq/web-transport where it loads, else @matrixai/quic, and says which and why", () => {
		const messages: string[] = [];
		const provider = quicProvider({ log: (m) => messages.push(m) });
		if (addonMissing) {
			expect(provider.name).toBe("@matrixai/quic");
			expect(provider.fallbackReason).toContain("@moq/web-transport unavailable");
		} else expect(provider.name).toBe("@moq/web-transport");
		// Logged once per process, on first use.
		expect(messages.length).toBeLessThanOrEqual(1);
		expect(quicProvider({ prefer: "@matrixai/quic" }).name).toBe("@matrixai/quic");
	});

	it("serves and connects through the chosen provider", async () => {
		const provider = quicProvider({ log: () => {} });
		expect((await echoThrough(provider, provider)).text).toBe("through the seam");
	});

	it.skipIf(addonMissing)("@moq/web-transport client ↔ our HTTP/3 server, and our client ↔ its server", async () => {
		const fast = quicProvider({ log: () => {} });
		const ours = quicProvider({ prefer: "@matrixai/quic" });
		expect(await echoThrough(ours, fast)).toEqual({ text: "through the seam", protocol: "moq-lite-05" });
		expect((await echoThrough(fast, ours)).text).toBe("through the seam");
	});
});
