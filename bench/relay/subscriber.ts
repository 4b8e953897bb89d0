// Fan-out bench subscribers (a child process holds many): each its own session/socket, recording the age of
// every frame stamped inside the measurement window into one histogram. Kept lean so the relay is what is
// measured. argv: mode (moq|ws) url transport count client (lean|session: ./lean.ts, or our full session and
// model, for moq relays over WebSocket; QUIC always uses the session). IPC: sends {ready: k} as subscribers receive their first
// frame; takes {window: [t0, t1]}; answers "report" with the histogram and counts.
import "../setup.js";
import { WebSocket } from "ws";
import { OriginProducer } from "../../src/model/index.js";
import type { GroupConsumer } from "../../src/model/index.js";
import { dial } from "./dial.js";
import { now, sentAt } from "./frame.js";
import { Histogram } from "./histogram.js";
import { leanSubscribe } from "./lean.js";
import type { Client, Transport } from "./targets.js";

const [mode, url, transport, countArg, client] = process.argv.slice(2) as [string, string, Transport, string, Client];
const count = Number(countArg);
const CONCURRENT_DIALS = 10;

const hist = new Histogram();
let t0 = Infinity;
let t1 = -Infinity;
let ready = 0;

/** The newest send time seen: a report waits until the window's frames that arrived were all processed. */
let latest = -Infinity;
/** The longest a report waits for this process to work through what it has received. */
const DRAIN_MS = 30_000;

function record(payload: Uint8Array, first: { seen: boolean }): void {
	const sent = sentAt(payload);
	if (sent > latest) latest = sent;
	if (sent >= t0 && sent < t1) hist.add(now() - sent);
	if (!first.seen) {
		first.seen = true;
		process.send!({ ready: ++ready });
	}
}

async function readGroup(group: GroupConsumer, first: { seen: boolean }): Promise<void> {
	for (;;) {
		const frame = await group.readFrame();
		if (!frame) return;
		record(frame.payload, first);
	}
}

async function subscribe(): Promise<void> {
	const first = { seen: false };
	if (mode === "ws") {
		const ws = new WebSocket(`${url}sub`, { perMessageDeflate: false });
		ws.on("message", (data: Buffer) => record(data, first));
		await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
		return;
	}
	if (client === "lean" && transport === "ws") {
		const { ok } = await leanSubscribe(url, "bench", "t", (payload) => record(payload, first));
		return ok;
	}
	const remote = new OriginProducer();
	await dial(url, transport, { subscribe: remote });
	const broadcast = await remote.consume().announcedBroadcast("bench");
	const sub = await broadcast.track("t").subscribe();
	void (async () => {
		for (;;) {
			const group = await sub.recvGroup();
			if (!group) return;
			void readGroup(group, first).catch(() => {});
		}
	})().catch(() => {});
}

// A process that fell behind (hundreds of sockets on a starved core) reads the window's frames only after the
// report was asked for: answering at once recorded nothing. So the answer waits until the frames stamped up to the
// window's end were processed (or DRAIN_MS passed); how late they were is in the histogram.
async function report(): Promise<void> {
	const end = Date.now() + DRAIN_MS;
	while (latest < t1 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
	process.send!({ counts: hist.counts, max: hist.max, received: hist.total });
}

process.on("message", (m: { window?: [number, number] } | "report") => {
	if (m === "report") void report();
	else if (m.window) [t0, t1] = m.window;
});
process.on("disconnect", () => process.exit(0));
// A normal exit on SIGTERM too, so a `--cpu-prof` profile is written.
process.on("SIGTERM", () => process.exit(0));

// Dial in small batches: hundreds of simultaneous handshakes measure the accept path, not fan-out.
let dialed = 0;
await Promise.all(
	Array.from({ length: Math.min(CONCURRENT_DIALS, count) }, async () => {
		while (dialed < count) {
			dialed++;
			await subscribe().catch((err: unknown) => process.send!({ error: String(err) }));
		}
	}),
);

