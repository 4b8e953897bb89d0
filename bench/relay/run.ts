// One fan-out measurement: start a relay, a publisher and subscriber processes, let it settle, then measure a
// window: latency of every frame sent in it, loss (not delivered within GRACE_MS after the window), relay CPU
// and memory from /proc, and the subscriber processes' own CPU.
import { type ChildProcess, fork, spawn } from "node:child_process";
import { createServer, connect as tcpConnect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FRAMES_PER_GROUP, GROUPS_PER_SECOND, LATENCY_MAX, now } from "./frame.js";
import { Histogram } from "./histogram.js";
import { cpuMicros, loadAverage, memoryMB } from "./proc.js";
import type { Client, Target, Transport } from "./targets.js";

export interface Row {
	target: string;
	transport: Transport;
	/** The subscribers' client: lean or the full session (the floor's are plain `ws` sockets either way). */
	client: Client | "ws";
	n: number;
	rate: number;
	frameBytes: number;
	p50: number;
	p99: number;
	max: number;
	/** Subscribers that received a frame within the join time (all N unless the relay could not keep up). */
	joined: number;
	/** Share of frames sent in the window that a joined subscriber did not get within GRACE_MS. */
	loss: number;
	/** Share of delivered frames older than the track's latencyMax. */
	stale: number;
	relayCpuPct: number;
	usPerFrame: number;
	rssMB: number;
	peakRssMB: number;
	clientCpuPct: number;
	load: number;
	error?: string;
}

export interface RunOptions {
	seconds: number;
	workers: number;
	client: Client;
	/** Directory for a CPU profile of each Node relay and of the client processes (`node --cpu-prof`), written
	 * when they exit: relay profiles in `dir`, the publisher's and subscribers' in `dir/clients`. */
	profile?: string;
}

const WARMUP_MS = 1000;
const GRACE_MS = 2000;
/** How long subscribers may take to join (plus 100 ms per subscriber). */
const JOIN_MS = 20_000;

async function freePort(): Promise<number> {
	const s = createServer();
	await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
	const port = (s.address() as { port: number }).port;
	await new Promise((r) => s.close(r));
	return port;
}

async function until<T>(what: string, ms: number, poll: () => T | undefined | Promise<T | undefined>): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await poll();
		if (v !== undefined) return v;
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await sleep(50);
	}
}

function tcpOpen(port: number): Promise<true | undefined> {
	return new Promise((resolve) => {
		const s = tcpConnect(port, "127.0.0.1", () => (s.destroy(), resolve(true)));
		s.on("error", () => resolve(undefined));
	});
}

function startRelay(target: Target, port: number, profile?: string): { proc: ChildProcess; ready: Promise<unknown> } {
	const [cmd, ...args] = target.command(port);
	if (profile && cmd === process.execPath) args.unshift("--cpu-prof", `--cpu-prof-dir=${profile}`);
	const proc = spawn(cmd!, args, { stdio: ["ignore", "pipe", "pipe"] });
	let output = "";
	const seen = new Promise<void>((resolve) => {
		const onData = (d: Buffer) => {
			output += d.toString();
			if (target.ready?.test(output)) resolve();
		};
		proc.stdout!.on("data", onData);
		proc.stderr!.on("data", onData);
	});
	const exited = new Promise((_, reject) =>
		proc.once("exit", (code) => reject(new Error(`relay exited (${code}) before ready: ${output.slice(-500)}`))),
	);
	const ready = Promise.race([target.ready ? seen : until("relay port", 30_000, () => tcpOpen(port)), exited]);
	ready.catch(() => {});
	return { proc, ready };
}

/** Messages from a child, one at a time, in order. */
function inbox(child: ChildProcess): (test: (m: unknown) => boolean, what: string, ms: number) => Promise<unknown> {
	const queue: unknown[] = [];
	let wake: (() => void) | undefined;
	let exited = false;
	child.on("message", (m) => (queue.push(m), wake?.()));
	// A send to a child that died is an "error" event: the row reports the exit instead of the bench crashing.
	child.on("error", () => {});
	child.once("exit", () => ((exited = true), wake?.()));
	return async (test, what, ms) => {
		const end = Date.now() + ms;
		for (;;) {
			const i = queue.findIndex(test);
			if (i >= 0) return queue.splice(i, 1)[0];
			if (exited) throw new Error(`${what}: process exited`);
			if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
			await Promise.race([new Promise<void>((r) => (wake = r)), sleep(Math.max(0, end - Date.now()))]);
		}
	};
}

async function stop(proc: ChildProcess): Promise<void> {
	if (proc.exitCode !== null || proc.signalCode !== null) return;
	const gone = new Promise((r) => proc.once("exit", r));
	proc.kill("SIGTERM");
	await Promise.race([gone, sleep(3000)]);
	if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
}

export async function measure(target: Target, transport: Transport, n: number, rate: number, o: RunOptions): Promise<Row> {
	const frameBytes = Math.round((rate * 1e6) / (GROUPS_PER_SECOND * FRAMES_PER_GROUP));
	const row: Row = {
		target: target.name, transport, client: target.clients === "ws" ? "ws" : transport === "quic" ? "session" : o.client, n, rate, frameBytes,
		joined: 0, p50: NaN, p99: NaN, max: NaN, loss: NaN, stale: NaN, relayCpuPct: NaN, usPerFrame: NaN,
		rssMB: NaN, peakRssMB: NaN, clientCpuPct: NaN, load: loadAverage(),
	};
	const port = await freePort();
	const url = target.url(port, transport);
	const relay = startRelay(target, port, o.profile);
	const children: ChildProcess[] = [];
	try {
		await relay.ready;
		const mode = target.clients;
		const execArgv = o.profile ? ["--cpu-prof", `--cpu-prof-dir=${o.profile}/clients`] : [];
		const pub = fork("build/bench/relay/publisher.mjs", [mode, url, transport, String(frameBytes)], { stdio: "inherit", execArgv });
		children.push(pub);
		const pubInbox = inbox(pub);
		await pubInbox((m) => m === "ready", "publisher", 30_000);
		const workers = Math.min(o.workers, n);
		const subs = Array.from({ length: workers }, (_, i) => {
			const count = Math.floor(n / workers) + (i < n % workers ? 1 : 0);
			const child = fork("build/bench/relay/subscriber.mjs", [mode, url, transport, String(count), row.client], { stdio: "inherit", execArgv });
			children.push(child);
			const sub = { child, count, next: inbox(child), ready: 0 };
			child.on("message", (m: { ready?: number }) => void (m.ready !== undefined && (sub.ready = m.ready)));
			return sub;
		});
		const joined = Promise.all(
			subs.map(({ count, next }) =>
				next((m) => (m as { ready?: number }).ready === count || (m as { error?: string }).error !== undefined, "subscribers", JOIN_MS + n * 100).then(
					(m) => {
						const err = (m as { error?: string }).error;
						if (err) throw new Error(`a subscriber failed: ${err}`);
					},
				),
			),
		);
		// A relay too slow to let everyone join in time is measured with those who did (the `joined` column).
		await joined.catch((err: Error) => {
			if (!/timed out/.test(err.message)) throw err;
		});
		row.joined = subs.reduce((a, x) => a + x.ready, 0);
		const t0 = now() + WARMUP_MS;
		const t1 = t0 + o.seconds * 1000;
		for (const s of subs) s.child.send({ window: [t0, t1] });
		await sleep(t0 - now());
		const relayCpu0 = cpuMicros(relay.proc.pid!);
		const clientCpu0 = subs.reduce((a, s) => a + cpuMicros(s.child.pid!), 0);
		await sleep(t1 - now());
		const relayCpu = cpuMicros(relay.proc.pid!) - relayCpu0;
		const clientCpu = subs.reduce((a, s) => a + cpuMicros(s.child.pid!), 0) - clientCpu0;
		const mem = memoryMB(relay.proc.pid!);
		await sleep(GRACE_MS);
		pub.send({ count: [t0, t1] });
		const { count: sent } = (await pubInbox((m) => (m as { count?: number }).count !== undefined, "publisher count", 30_000)) as { count: number };
		const hist = new Histogram();
		for (const s of subs) {
			s.child.send("report");
			const r = (await s.next((m) => (m as { counts?: unknown }).counts !== undefined, "report", 60_000)) as Histogram;
			hist.merge(r);
		}
		const windowUs = (t1 - t0) * 1000;
		Object.assign(row, {
			p50: hist.quantile(0.5),
			p99: hist.quantile(0.99),
			max: hist.max,
			loss: sent === 0 ? 1 : Math.max(0, 1 - hist.total / (sent * row.joined)),
			stale: hist.total === 0 ? 0 : hist.above(LATENCY_MAX) / hist.total,
			relayCpuPct: (100 * relayCpu) / windowUs,
			usPerFrame: hist.total === 0 ? NaN : relayCpu / hist.total,
			rssMB: mem.rss,
			peakRssMB: mem.peak,
			clientCpuPct: (100 * clientCpu) / windowUs,
		});
	} catch (err) {
		row.error = (err as Error).message;
	} finally {
		for (const c of children) c.disconnect?.();
		await Promise.all([...children.map(stop), stop(relay.proc)]);
	}
	return row;
}
