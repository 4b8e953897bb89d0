// The attack rig: the built CLI (`node dist/cli.js serve`) as its own process on an ephemeral loopback port, its
// RSS read from /proc, its log lines collected; a victim `@moq/net` client that stays connected; raw attackers
// (QMux sessions with chosen stream credit, raw TCP for HTTP and WebSocket framing).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect as tcp, type Socket } from "node:net";
import Session from "@moq/qmux";
import * as Moq from "@moq/net";
import { WebSocket } from "ws";
import { WebSocketTransport } from "../../src/transport/websocket/transport.js";
import { offeredSubprotocols } from "../../src/transport/websocket/subprotocol.js";
import { encodeSetup, encodeVarint, UniStreamType } from "../../src/codec/index.js";
import type { Transport } from "../../src/transport/types.js";
import { V } from "../hardening/rig.js";
import { concat } from "../lite/helpers.js";

const MIB = 1 << 20;

/** Safety nets only: every wait below ends on a signal (a line, a close, a frame) long before these. */
export const VICTIM_BOUND_MS = 10_000;

export interface Relay {
	readonly port: number;
	readonly url: string;
	/** Every stdout/stderr line so far. */
	readonly lines: string[];
	/** Resident set size now, bytes. */
	rss(): number;
	alive(): boolean;
	/** The first line (already printed or still to come) matching `re`. */
	line(re: RegExp, timeoutMs?: number): Promise<string>;
	stop(): Promise<void>;
}

/** glibc's malloc set as the README suggests: freed frame buffers and socket chunks go back to the system. */
const RELAY_ENV = { ...process.env, MALLOC_MMAP_THRESHOLD_: "16384" };

/** Starts `node dist/cli.js serve --bind 127.0.0.1:0 ...flags` and resolves once it prints its port. */
export function startRelay(flags: readonly string[] = []): Promise<Relay> {
	const args = ["dist/cli.js", "serve", "--bind", "127.0.0.1:0", ...flags];
	const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: RELAY_ENV });
	const lines: string[] = [];
	const watchers = new Set<(line: string) => void>();
	let exited: string | undefined;
	const onData = (d: Buffer) => {
		for (const l of d.toString().split("\n")) {
			if (!l) continue;
			lines.push(l);
			for (const w of [...watchers]) w(l);
		}
	};
	child.stdout!.on("data", onData);
	child.stderr!.on("data", onData);
	const relay = (port: number): Relay => ({
		port,
		url: `http://127.0.0.1:${port}/`,
		lines,
		rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024,
		alive: () => exited === undefined,
		line: (re, timeoutMs = 30_000) =>
			new Promise((resolve, reject) => {
				const seen = lines.find((l) => re.test(l));
				if (seen) return resolve(seen);
				const timer = setTimeout(() => {
					watchers.delete(watch);
					reject(new Error(`no line matching ${re} in ${timeoutMs} ms; last lines:\n${lines.slice(-10).join("\n")}`));
				}, timeoutMs);
				const watch = (l: string) => {
					if (!re.test(l)) return;
					clearTimeout(timer);
					watchers.delete(watch);
					resolve(l);
				};
				watchers.add(watch);
			}),
		stop: () =>
			new Promise<void>((resolve) => {
				if (exited !== undefined) return resolve();
				child.once("exit", () => resolve());
				child.kill("SIGKILL");
			}),
	});
	return new Promise((resolve, reject) => {
		child.once("exit", (code, signal) => {
			exited = `${code ?? signal}`;
			reject(new Error(`serve exited with ${exited}: ${lines.join("\n")}`));
		});
		const watch = (l: string) => {
			const m = /serving moq-lite on [^\s]+:(\d+)/.exec(l);
			if (!m) return;
			watchers.delete(watch);
			resolve(relay(Number(m[1])));
		};
		watchers.add(watch);
	});
}

/** Samples `relay.rss()` every 50 ms until stopped; `peak` is the highest seen. */
export function sampleRss(relay: Relay): { readonly peak: number; stop(): number } {
	let peak = relay.rss();
	const timer = setInterval(() => {
		if (relay.alive()) peak = Math.max(peak, relay.rss());
	}, 50);
	return {
		get peak() {
			return peak;
		},
		stop() {
			clearInterval(timer);
			return peak;
		},
	};
}

/** Polls RSS until it is at most `bytes` (memory returned), or rejects after `timeoutMs` with the last value. */
export async function rssBelow(relay: Relay, bytes: number, timeoutMs = 20_000): Promise<number> {
	const until = performance.now() + timeoutMs;
	for (;;) {
		const rss = relay.rss();
		if (rss <= bytes) return rss;
		if (performance.now() > until) throw new Error(`RSS stayed at ${(rss / MIB).toFixed(0)} MiB, above ${(bytes / MIB).toFixed(0)} MiB`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/** The reference client dials WebSocket through the global, which Node 20 lacks. */
export function installWebSocketGlobal(): () => void {
	if ("WebSocket" in globalThis) return () => {};
	(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
	return () => delete (globalThis as { WebSocket?: unknown }).WebSocket;
}

/** A well-behaved `@moq/net` client: connected throughout, holding a subscription to demo/clock. */
export class Victim {
	readonly connection: Moq.Connection.Established;
	readonly #held: Moq.Track.Subscriber;

	private constructor(connection: Moq.Connection.Established, held: Moq.Track.Subscriber) {
		this.connection = connection;
		this.#held = held;
	}

	static async connect(relay: Relay): Promise<Victim> {
		const connection = await Moq.Connection.connect(new URL(relay.url), { websocket: { delay: 0 } });
		const held = connection.consume(Moq.Path.from("demo/clock")).subscribe("seconds");
		return new Victim(connection, held);
	}

	/** Discover demo/clock, subscribe, first frame: resolves with how long that took (ms). */
	async probe(): Promise<number> {
		const start = performance.now();
		const announced = this.connection.announced();
		try {
			for (;;) {
				const a = await announced.next();
				if (!a) throw new Error("announcements ended before demo/clock");
				if (a.path === "demo/clock" && a.active) break;
			}
		} finally {
			announced.close();
		}
		const track = this.connection.consume(Moq.Path.from("demo/clock")).subscribe("seconds");
		try {
			const group = await track.recvGroup();
			const text = await group?.readString();
			if (!text || Number.isNaN(Date.parse(text))) throw new Error(`demo/clock sent ${JSON.stringify(text)}`);
		} finally {
			track.close();
		}
		return performance.now() - start;
	}

	close(): void {
		this.#held.close();
		this.connection.close();
	}
}

/** A fresh victim's probe: connect, discover, subscribe, first frame; resolves with the time it took (ms). */
export async function freshProbe(relay: Relay): Promise<number> {
	const start = performance.now();
	const v = await Victim.connect(relay);
	try {
		await v.probe();
		return performance.now() - start;
	} finally {
		v.close();
	}
}

/**
 * A QMux session to the relay on moq-lite-05 whose stream credit we choose: `maxStreamsUni: 0n` grants the relay
 * no group streams at all; a large value grants many that we never read.
 */
export async function qmuxSession(relay: Relay, config: { maxStreamsUni?: bigint; maxStreamsBidi?: bigint } = {}): Promise<WebSocketTransport> {
	const socket = new WebSocket(`ws://127.0.0.1:${relay.port}/`, offeredSubprotocols(["moq-lite-05"]), { perMessageDeflate: false });
	socket.on("error", () => {});
	const session = new Session(socket as never, { config: { maxDatagramFrameSize: 0n, ...config } });
	await session.ready;
	return new WebSocketTransport(session, session.protocol);
}

/** A raw TCP connection to the relay that has sent `request` and read the response head (status line). */
export function rawHttp(relay: Relay, request: string): Promise<{ socket: Socket; status: number }> {
	return new Promise((resolve, reject) => {
		const socket = tcp(relay.port, "127.0.0.1", () => socket.write(request));
		let head = "";
		const onData = (d: Buffer) => {
			head += d.toString("latin1");
			const m = /^HTTP\/1\.1 (\d{3})/.exec(head);
			if (m && head.includes("\r\n\r\n")) {
				socket.off("data", onData);
				resolve({ socket, status: Number(m[1]) });
			}
		};
		socket.on("data", onData);
		socket.once("error", reject);
		socket.once("close", () => reject(new Error(`closed before a response: ${JSON.stringify(head.slice(0, 200))}`)));
	});
}

/** A WebSocket upgrade request for `path`, offering our subprotocols (or `protocols`). */
export function upgradeRequest(path: string, protocols: readonly string[] = offeredSubprotocols(["moq-lite-05"])): string {
	return [
		`GET ${path} HTTP/1.1`,
		"Host: 127.0.0.1",
		"Connection: Upgrade",
		"Upgrade: websocket",
		"Sec-WebSocket-Version: 13",
		"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
		`Sec-WebSocket-Protocol: ${protocols.join(", ")}`,
		"",
		"",
	].join("\r\n");
}

/** Resolves when `socket` closes. */
export function closed(socket: Socket): Promise<void> {
	return new Promise((r) => (socket.destroyed ? r() : socket.once("close", () => r())));
}

/** A SETUP from a raw moq-lite-05 peer, so only the attack under test can end its session. */
export async function sendSetup(t: Transport): Promise<void> {
	const w = (await t.createUnidirectionalStream()).getWriter();
	await w.write(concat(encodeVarint(UniStreamType.Setup), encodeSetup({ origin: 7 }, V)));
	await w.close();
}

/** The code the relay closed `t` with (undefined when it dropped). */
export async function closeCode(t: Transport): Promise<number | undefined> {
	const info = await t.closed.catch(() => undefined);
	return (info as { closeCode?: number } | undefined)?.closeCode;
}
