// Session throughput and latency, in process: one publisher → one subscriber over a MemoryTransport pair,
// ours on both ends vs @moq/net on both ends. Throughput: frames written group by group (30 frames a group,
// yielding to the event loop between groups) until the subscriber has read them all; median of RUNS runs,
// ours and the reference alternating so machine noise hits both. Latency: one frame at a time, written and
// awaited, one-way p50/p99.
import "./setup.js";
import * as Moq from "@moq/net";
import { accept, connect } from "../src/lite/index.js";
import { OriginProducer } from "../src/model/index.js";
import { MemoryTransport } from "../src/transport/memory.js";
import { ensurePromiseWithResolvers } from "../src/transport/websocket/polyfill.js";
import { fmt, printTable } from "./measure.js";

const PER_GROUP = 30;
const LATENCY_SAMPLES = 300;
const RUNS = 3;
const SIZES: [string, number, number][] = [
	["1 B", 1, 30_000],
	["1 KB", 1024, 30_000],
	["64 KB", 64 * 1024, 3_000],
];

/** One connected publisher/subscriber pair reduced to what the measurements drive. */
interface Pipe {
	/** Writes frame `i` (a new group every PER_GROUP frames). */
	write(i: number): void;
	/** Resolves with the next received frame's payload length. */
	read(): Promise<number>;
	close(): void;
}

const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

async function waitFor(cond: () => boolean): Promise<void> {
	while (!cond()) await new Promise((r) => setTimeout(r, 1));
}

async function ours(size: number): Promise<Pipe> {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const published = new OriginProducer();
	const track = published.createBroadcast("bench").createTrack("t", { timescale: 1000 });
	const remote = new OriginProducer();
	const srv = await accept(server, { publish: published.consume() });
	const cli = await connect(client, { subscribe: remote });
	const sub = await (await remote.consume().requestBroadcast("bench")).track("t").subscribe();
	await waitFor(() => track.subscription !== undefined);
	const payload = new Uint8Array(size);
	let group: ReturnType<typeof track.appendGroup> | undefined;
	let reading: Awaited<ReturnType<typeof sub.recvGroup>>;
	return {
		write(i) {
			if (i % PER_GROUP === 0) group = track.appendGroup();
			group!.writeFrame(i, payload);
			if (i % PER_GROUP === PER_GROUP - 1) group!.finish();
		},
		async read() {
			for (;;) {
				reading ??= await sub.recvGroup();
				const f = await reading!.readFrame();
				if (f) return f.payload.byteLength;
				reading = undefined;
			}
		},
		close() {
			cli.close();
			srv.close();
		},
	};
}

async function theirs(size: number): Promise<Pipe> {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const url = new URL("https://localhost/");
	const srv = await Moq.Connection.accept(server as unknown as WebTransport, url);
	const cli = await Moq.Connection.connect(url, { transport: client as unknown as WebTransport });
	const broadcast = new Moq.Broadcast.Producer();
	const scale = Moq.Time.Timescale(1000);
	const track = broadcast.createTrack("t", { timescale: scale });
	srv.publish(Moq.Path.from("bench"), broadcast);
	const sub = cli.consume(Moq.Path.from("bench")).track("t").subscribe();
	await sub.info();
	await waitFor(() => track.subscription.peek() !== undefined);
	const payload = new Uint8Array(size);
	let group: Moq.Group.Producer | undefined;
	let reading: Moq.Group.Consumer | undefined;
	return {
		write(i) {
			if (i % PER_GROUP === 0) group = track.appendGroup();
			group!.writeFrame({ payload, timestamp: new Moq.Time.Timestamp(i, scale) });
			if (i % PER_GROUP === PER_GROUP - 1) group!.close();
		},
		async read() {
			for (;;) {
				reading ??= await sub.recvGroup();
				const f = await reading!.readFrame();
				if (f) return f.payload.byteLength;
				reading = undefined;
			}
		},
		close() {
			cli.close();
			srv.close();
		},
	};
}

async function throughput(make: (size: number) => Promise<Pipe>, size: number, frames: number): Promise<number> {
	const pipe = await make(size);
	const start = performance.now();
	const reader = (async () => {
		for (let i = 0; i < frames; i++) if ((await pipe.read()) !== size) throw new Error("wrong payload size");
	})();
	for (let i = 0; i < frames; i++) {
		pipe.write(i);
		if (i % PER_GROUP === PER_GROUP - 1) await yieldLoop();
	}
	await reader;
	const rate = frames / ((performance.now() - start) / 1000);
	pipe.close();
	return rate;
}

async function latency(make: (size: number) => Promise<Pipe>, size: number): Promise<[number, number]> {
	const pipe = await make(size);
	const samples: number[] = [];
	for (let i = 0; i < LATENCY_SAMPLES; i++) {
		const t0 = performance.now();
		pipe.write(i);
		await pipe.read();
		samples.push(performance.now() - t0);
	}
	pipe.close();
	samples.sort((a, b) => a - b);
	const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
	return [at(0.5), at(0.99)];
}

function median(xs: number[]): number {
	return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

export default async function main(): Promise<void> {
	ensurePromiseWithResolvers();
	const proto = Set.prototype as unknown as { difference?: (o: Set<unknown>) => Set<unknown> };
	proto.difference ??= function (this: Set<unknown>, other: Set<unknown>) {
		return new Set([...this].filter((v) => !other.has(v)));
	};
	// The reference logs every session teardown; the table is the only output wanted.
	for (const level of ["debug", "info", "warn", "error"] as const) console[level] = () => {};
	const rows: (string | number)[][] = [];
	for (const [label, size, frames] of SIZES) {
		const ourRates: number[] = [];
		const refRates: number[] = [];
		for (let run = 0; run < RUNS; run++) {
			ourRates.push(await throughput(ours, size, frames));
			refRates.push(await throughput(theirs, size, frames));
		}
		const ourRate = median(ourRates);
		const refRate = median(refRates);
		const [ourP50, ourP99] = await latency(ours, size);
		const [refP50, refP99] = await latency(theirs, size);
		rows.push([
			label,
			fmt(ourRate),
			fmt(refRate),
			`${(ourRate / refRate).toFixed(2)}×`,
			`${ourP50.toFixed(3)} / ${ourP99.toFixed(3)}`,
			`${refP50.toFixed(3)} / ${refP99.toFixed(3)}`,
		]);
	}
	printTable(["frame", "ours frames/s", "@moq/net frames/s", "ratio", "ours p50/p99 ms", "@moq/net p50/p99 ms"], rows);
}
