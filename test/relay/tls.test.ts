// TLS from files: --tls-cert/--tls-key serve QUIC and HTTPS/WSS with a certificate made here; replacing the files
// reloads it for new connections without dropping live sessions.
import { mkdtempSync, writeFileSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { certificateHash, connectQuic, generateCertificate } from "../../src/transport/quic/index.js";
import { killAll, startRelay } from "./spawn.js";

afterEach(killAll);

const hex = (cert: string) => Buffer.from(certificateHash(cert)).toString("hex");

/** GET over HTTPS trusting `ca`; resolves with the body and the SHA-256 of the certificate the server showed. */
function httpsGet(url: string, ca: string): Promise<{ body: string; fingerprint: string }> {
	return new Promise((resolve, reject) => {
		const req = get(url, { ca, checkServerIdentity: () => undefined, agent: false }, (res) => {
			const fingerprint = res.socket && "getPeerCertificate" in res.socket ? (res.socket as import("node:tls").TLSSocket).getPeerCertificate().fingerprint256 : "";
			let body = "";
			res.on("data", (d: Buffer) => (body += d));
			res.on("end", () => resolve({ body, fingerprint: fingerprint.replace(/:/g, "").toLowerCase() }));
		});
		req.on("error", reject);
	});
}

describe("relay TLS", () => {
	it("serves HTTPS, WSS and QUIC with the given certificate and reloads it without dropping sessions", async () => {
		const dir = mkdtempSync(join(tmpdir(), "moqwire-tls-"));
		const certFile = join(dir, "cert.pem");
		const keyFile = join(dir, "key.pem");
		const first = generateCertificate();
		writeFileSync(certFile, first.cert);
		writeFileSync(keyFile, first.key);
		const relay = await startRelay(["--tls-cert", certFile, "--tls-key", keyFile]);
		const base = `https://127.0.0.1:${relay.port}`;
		while (!relay.out().includes("health:")) await new Promise((r) => setTimeout(r, 20));
		expect(relay.out()).toContain(`WebSocket (qmux): wss://127.0.0.1:${relay.port}/`);
		expect(await httpsGet(`${base}/health`, first.cert)).toEqual({ body: "ok\n", fingerprint: hex(first.cert) });
		expect((await httpsGet(`${base}/certificate.sha256`, first.cert)).body).toBe(hex(first.cert));

		const pinned = (cert: string) => ({ serverCertificateHashes: [{ algorithm: "sha-256", value: hex(cert) }] });
		const live = await connect(await connectQuic(`${base}/`, pinned(first.cert)), { subscribe: new OriginProducer() });

		const second = generateCertificate();
		writeFileSync(keyFile, second.key);
		writeFileSync(certFile, second.cert);
		while (!/TLS certificate reloaded/.test(relay.err())) await new Promise((r) => setTimeout(r, 20));
		expect(await httpsGet(`${base}/health`, second.cert)).toEqual({ body: "ok\n", fingerprint: hex(second.cert) });
		expect((await httpsGet(`${base}/certificate.sha256`, second.cert)).body).toBe(hex(second.cert));
		const fresh = await connect(await connectQuic(`${base}/`, pinned(second.cert)), { subscribe: new OriginProducer() });
		expect([live.isClosed, fresh.isClosed]).toEqual([false, false]);
		fresh.close();
		live.close();
	});
});
