// Object model state transitions, ours (WASM track/group state + TS handles) vs the reference (`@moq/net`
// 0.3.4, pure JS) on the equivalent in-process producer→consumer path, side by side in one run (issue 3).
//
// Each sample runs a fresh track per batch of groups on both sides, so neither cache grows across samples.
// Rows: the producer-side transitions alone (create group + write one frame + finish), the full path with a
// live subscriber receiving the group and reading its frame, and a fetch that hits the cache.
import "./setup.js";
import * as Moq from "@moq/net";
import { fmt, opsPerSecond, printTable } from "./measure.js";
import { BroadcastProducer } from "../src/model/index.js";
import { drain, state as core } from "../src/model/core.js";
import { defaultEngine } from "../src/wasm/engine.js";

const GROUPS = 1000;
const payload = new Uint8Array(64);
const refTimestamp = Moq.Time.Timestamp.fromMillis(1);

// A long latencyMax on both sides: the reference prunes closed groups by age, and a pruned group would make
// its local fetch wait forever instead of measuring a hit.
const LATENCY_MAX = 600_000;

function oursTrack() {
	return new BroadcastProducer().createTrack("bench", { latencyMax: LATENCY_MAX });
}

function refTrack() {
	return new Moq.Broadcast.Producer().createTrack("bench", { latencyMax: LATENCY_MAX });
}

async function produceOurs(): Promise<void> {
	const track = oursTrack();
	for (let i = 0; i < GROUPS; i++) {
		const group = track.appendGroup();
		group.writeFrame(i, payload);
		group.finish();
	}
}

async function produceRef(): Promise<void> {
	const track = refTrack();
	for (let i = 0; i < GROUPS; i++) {
		const group = track.appendGroup();
		group.writeFrame({ payload, timestamp: refTimestamp });
		group.close();
	}
}

async function pathOurs(): Promise<void> {
	const track = oursTrack();
	const sub = track.subscribe();
	for (let i = 0; i < GROUPS; i++) {
		const group = track.appendGroup();
		group.writeFrame(i, payload);
		group.finish();
		const received = (await sub.recvGroup())!;
		if ((await received.readFrame())!.payload !== payload) throw new Error("ours: wrong frame");
	}
	sub.close();
}

async function pathRef(): Promise<void> {
	const track = refTrack();
	const sub = track.subscribe();
	for (let i = 0; i < GROUPS; i++) {
		const group = track.appendGroup();
		group.writeFrame({ payload, timestamp: refTimestamp });
		group.close();
		const received = (await sub.recvGroup())!;
		if ((await received.readFrame())!.payload !== payload) throw new Error("ref: wrong frame");
	}
	sub.close();
}

// The WASM share of the producer row: the same three state transitions with no JS handles around them.
async function produceWasm(): Promise<void> {
	const state = core(defaultEngine());
	const track = state.trackNew(-1);
	state.trackSetLatency(track, LATENCY_MAX);
	for (let i = 0; i < GROUPS; i++) {
		const slot = state.trackCreateGroup(track, -1, performance.now());
		state.groupWrite(slot, payload.byteLength, performance.now());
		state.groupFinish(slot);
	}
	state.trackFree(track);
	drain(defaultEngine());
}

const CACHED = 100;

function fetchOurs(): () => Promise<void> {
	const track = oursTrack();
	for (let i = 0; i < CACHED; i++) track.writeFrame(i, payload);
	const consumer = track.consume();
	return async () => {
		for (let i = 0; i < GROUPS; i++) {
			const group = await consumer.fetchGroup(i % CACHED);
			if (group.sequence !== i % CACHED) throw new Error("ours: wrong group");
		}
	};
}

function fetchRef(): () => Promise<void> {
	const broadcast = new Moq.Broadcast.Producer();
	const track = broadcast.createTrack("bench", { latencyMax: LATENCY_MAX });
	for (let i = 0; i < CACHED; i++) track.writeFrame({ payload, timestamp: refTimestamp });
	const consumer = broadcast.track("bench");
	return async () => {
		for (let i = 0; i < GROUPS; i++) {
			const group = await consumer.fetchGroup(i % CACHED);
			if (group.sequence !== i % CACHED) throw new Error("ref: wrong group");
		}
	};
}

export default async function (): Promise<void> {
	const rows: (string | number)[][] = [];
	const cases: [string, () => () => Promise<void>, () => () => Promise<void>][] = [
		["create group + write frame + finish", () => produceOurs, () => produceRef],
		["… + live subscriber recvGroup + readFrame", () => pathOurs, () => pathRef],
		[`fetchGroup hit (${CACHED} cached groups)`, fetchOurs, fetchRef],
	];
	for (const [name, ours, ref] of cases) {
		const a = await opsPerSecond(ours(), GROUPS);
		const b = await opsPerSecond(ref(), GROUPS);
		rows.push([name, `${fmt(a)}/s`, `${(1e9 / a).toFixed(0)} ns`, `${fmt(b)}/s`, `${(1e9 / b).toFixed(0)} ns`, `${(a / b).toFixed(2)}x`]);
	}
	const wasmOnly = await opsPerSecond(produceWasm, GROUPS);
	rows.push(["(WASM calls of row 1 alone, no handles)", `${fmt(wasmOnly)}/s`, `${(1e9 / wasmOnly).toFixed(0)} ns`, "—", "—", "—"]);
	printTable(["transition (per group)", "moqwire", "moqwire/op", "@moq/net", "@moq/net/op", "ours ÷ ref"], rows);
}
