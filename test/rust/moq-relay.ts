// The Rust reference relay as a test peer: finds the pinned binary (scripts/rust-peer.mjs installs it), writes a
// TOML config, starts moq-relay on loopback and reads the addresses it logs, then pins its self-signed certificate
// the way it documents (GET /certificate.sha256 on its HTTP listener).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createTcp } from "node:net";
import { createSocket } from "node:dgram";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PINS, binaryPath } from "../../scripts/rust-peer.mjs";

export interface Pin {
	crate: string;
	version: string;
}

/** The pinned moq-relay builds present on this machine; in CI (`CI=true`) a missing one is an error. */
export function installedRelays(): { pin: Pin; bin: string }[] {
	const found = [];
	for (const pin of PINS) {
		const bin = binaryPath(pin);
		if (existsSync(bin)) found.push({ pin, bin });
		else if (process.env.CI === "true") throw new Error(`${pin.crate} ${pin.version} is not installed at ${bin} (run: npm run rust-peer)`);
	}
	return found;
}

/** Why the Rust suite is skipped locally, for the skip message. */
export function missingReason(): string {
	return PINS.map((p) => `${p.crate} ${p.version} not installed at ${binaryPath(p)}`).join("; ") + " — run `npm run rust-peer` to build it";
}

export interface RelayOptions {
	/** `listen.version`: the moq versions the relay accepts (default: all it knows). */
	versions?: readonly string[];
	/** `cluster.connect`: peers it dials. */
	cluster?: readonly string[];
	/** `cluster.id`: its hop id (default random per start). */
	id?: number;
	/** One port number for QUIC (UDP) and HTTP/WebSocket (TCP), like its default 4443; default a free one. */
	port?: number;
}

export interface RustRelay {
	readonly port: number;
	/** SHA-256 of its current certificate, lowercase hex, from /certificate.sha256. */
	readonly fingerprint: string;
	/** Everything it logged so far (stderr), for diagnosing a failure. */
	readonly log: () => string;
	/** WebTransport (`https:`), raw QUIC (`moql:`) or WebSocket (`ws:`) URL of its root. */
	url(scheme: "https" | "moql" | "ws" | "http"): string;
	stop(): Promise<void>;
}

function toml(o: RelayOptions & { port: number }): string {
	const list = (xs: readonly string[]) => `[${xs.map((x) => JSON.stringify(x)).join(", ")}]`;
	const lines = [
		// Stopping closes every session at once (no GOAWAY drain), so peers see the close, not an idle timeout.
		'drain_timeout = "0s"',
		"[log]",
		'level = "info"',
		"[listen]",
		`bind = "127.0.0.1:${o.port}"`,
		...(o.versions ? [`version = ${list(o.versions)}`] : []),
		"[listen.tls]",
		'generate = ["localhost"]',
		"[web]",
		"ws = true",
		"[web.http]",
		`listen = "127.0.0.1:${o.port}"`,
		"[auth]",
		'public = ["**"]',
		"[cluster]",
		...(o.id ? [`id = ${o.id}`] : []),
		...(o.cluster ? [`connect = ${list(o.cluster)}`] : []),
	];
	return lines.join("\n") + "\n";
}

/** A port number free on both UDP and TCP loopback right now (the relay binds both; a lost race is retried). */
async function freePort(): Promise<number> {
	const udp = createSocket("udp4");
	await new Promise<void>((r) => udp.bind(0, "127.0.0.1", r));
	const port = udp.address().port;
	const tcp = createTcp();
	const ok = await new Promise<boolean>((r) => {
		tcp.once("error", () => r(false));
		tcp.listen(port, "127.0.0.1", () => r(true));
	});
	await new Promise<void>((r) => (ok ? tcp.close(() => r()) : r()));
	await new Promise<void>((r) => udp.close(() => r()));
	return ok ? port : freePort();
}

const ANSI = /\x1b\[[0-9;]*m/g;

/** Starts moq-relay; resolves once both listeners are up and the certificate is pinned. */
export async function startRelay(bin: string, options: RelayOptions = {}): Promise<RustRelay> {
	for (let attempt = 0; ; attempt++) {
		const port = options.port ?? (await freePort());
		try {
			return await launch(bin, { ...options, port });
		} catch (err) {
			// Another process took the port between our probe and the relay's bind: try another one.
			if (options.port !== undefined || attempt >= 3 || !/address in use|AddrInUse/i.test(String(err))) throw err;
		}
	}
}

async function launch(bin: string, options: RelayOptions & { port: number }): Promise<RustRelay> {
	const dir = mkdtempSync(join(tmpdir(), "moq-relay-"));
	const config = join(dir, "relay.toml");
	writeFileSync(config, toml(options));
	const child: ChildProcess = spawn(bin, [config], { env: { ...process.env, NO_COLOR: "1", RUST_LOG: "" }, stdio: ["ignore", "ignore", "pipe"] });
	let log = "";
	const listening = new Set<string>();
	const up = new Promise<void>((resolve, reject) => {
		child.stderr!.setEncoding("utf8");
		child.stderr!.on("data", (chunk: string) => {
			log += chunk.replace(ANSI, "");
			for (const m of log.matchAll(/listening addr=\S+ kind="?(quic|http)/g)) listening.add(m[1]!);
			if (listening.size === 2) resolve();
		});
		child.once("exit", (code, signal) => reject(new Error(`moq-relay exited (${code ?? signal}) before listening:\n${log}`)));
		child.once("error", reject);
	});
	const exited = new Promise<void>((r) => child.once("exit", () => r()));
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
		await exited;
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await up;
		const res = await fetch(`http://127.0.0.1:${options.port}/certificate.sha256`);
		if (!res.ok) throw new Error(`/certificate.sha256 answered ${res.status}`);
		const fingerprint = (await res.text()).trim();
		const base = `127.0.0.1:${options.port}`;
		return { port: options.port, fingerprint, log: () => log, url: (scheme) => `${scheme}://${base}/`, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}
