// Fan-out bench publisher (a child process): one track, GROUPS_PER_SECOND groups of FRAMES_PER_GROUP frames
// of `size` bytes, each stamped with its send time. Paced by the clock: a late timer sends the frames it owes.
// argv: mode (moq|ws) url transport size. IPC: sends "ready" once publishing; answers {count: [t0, t1]} with
// how many frames it sent stamped in [t0, t1).
import "../setup.js";
import { WebSocket } from "ws";
import { OriginProducer } from "../../src/model/index.js";
import { dial } from "./dial.js";
import { FRAMES_PER_GROUP, GROUPS_PER_SECOND, LATENCY_MAX, now, stamp } from "./frame.js";
import type { Transport } from "./targets.js";

const [mode, url, transport, sizeArg] = process.argv.slice(2) as [string, string, Transport, string];
const size = Math.max(8, Number(sizeArg));
const sent: number[] = [];

async function sender(): Promise<(frame: Uint8Array, index: number) => void> {
	if (mode === "ws") {
		const ws = new WebSocket(`${url}pub`, { perMessageDeflate: false });
		await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
		return (frame) => ws.send(frame);
	}
	const origin = new OriginProducer();
	const track = origin.createBroadcast("bench").createTrack("t", { timescale: 1000, latencyMax: LATENCY_MAX });
	await dial(url, transport, { publish: origin.consume() });
	let group: ReturnType<typeof track.appendGroup> | undefined;
	return (frame, index) => {
		if (index % FRAMES_PER_GROUP === 0) group = track.appendGroup();
		group!.writeFrame(Math.floor(performance.now()), frame);
		if (index % FRAMES_PER_GROUP === FRAMES_PER_GROUP - 1) group!.finish();
	};
}

const send = await sender();
const interval = 1000 / (GROUPS_PER_SECOND * FRAMES_PER_GROUP);
let next = now();
let index = 0;
const tick = (): void => {
	while (next <= now()) {
		const frame = new Uint8Array(size);
		const at = now();
		stamp(frame, at);
		send(frame, index++);
		sent.push(at);
		next += interval;
	}
	setTimeout(tick, Math.max(0, next - now()));
};
tick();
process.on("message", (m: { count: [number, number] }) => {
	const [t0, t1] = m.count;
	process.send!({ count: sent.filter((t) => t >= t0 && t < t1).length });
});
process.on("disconnect", () => process.exit(0));
// A normal exit on SIGTERM too, so a `--cpu-prof` profile is written.
process.on("SIGTERM", () => process.exit(0));
process.send!("ready");
