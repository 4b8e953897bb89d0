// Serving a GROUP stream (src/lite/group.ts) onto a transport that gathers writes: encode once, send N — every
// frame header is the same buffer for every subscriber of the group, payloads are the model's own (the stream's
// opening, type + GROUP header, is each stream's own: no process-wide cache); and moq-lite-06 Frame Start: the header carries it, the frames below it are not sent.
import { describe, expect, it } from "vitest";
import { Decoder, Version } from "../../src/codec/index.js";
import { serveGroup } from "../../src/lite/group.js";
import type { Session } from "../../src/lite/session.js";
import { Writer } from "../../src/lite/stream.js";
import type { StreamWriter } from "../../src/transport/types.js";
import { bytes, track } from "../model/helpers.js";

/** A lean writer that records the chunks handed to it, as a gathering transport receives them. */
function recorder(): StreamWriter & { chunks: Uint8Array[]; fin: boolean } {
	return {
		chunks: [],
		fin: false,
		gathers: true,
		desiredSize: 1 << 20,
		ready: Promise.resolve(),
		closed: new Promise<void>(() => {}),
		sendOrder: null,
		async write(chunk) {
			this.chunks.push(chunk);
		},
		async close() {
			this.fin = true;
		},
		async abort() {},
	};
}

const session = (version: Version) => ({ version }) as Session;

function decode(version: Version, chunks: Uint8Array[]) {
	const d = new Decoder();
	for (const c of chunks) d.push(c);
	const type = d.varint();
	const header = d.message("group", version);
	const frames = d.frames(version).map((f) => ({ timestamp: f.timestamp, payload: [...f.payload] }));
	return { type, header, frames };
}

describe("serveGroup", () => {
	it("every subscriber of a group sends the same frame-header buffers and the model's payloads, uncopied", async () => {
		const { producer } = track();
		const consumers = [producer.consume(), producer.consume()];
		const subs = await Promise.all(consumers.map((c) => c.subscribe()));
		const g = producer.createGroup(0);
		const payloads = [bytes(1, 2, 3), bytes(4), bytes(5, 6)];
		payloads.forEach((p, i) => g.writeFrame(10 * (i + 1), p));
		g.finish();
		const writers = [recorder(), recorder()];
		await Promise.all(
			subs.map(async (sub, i) => {
				const group = await sub.nextGroup();
				await serveGroup(session(Version.Lite05), 0, group!, new Writer(writers[i]!));
			}),
		);
		const [a, b] = writers as [ReturnType<typeof recorder>, ReturnType<typeof recorder>];
		expect(a.fin && b.fin).toBe(true);
		expect(a.chunks.length).toBe(b.chunks.length);
		// The first two chunks open the stream (type, GROUP header); every one after is shared.
		expect(a.chunks.slice(0, 2)).toEqual(b.chunks.slice(0, 2));
		a.chunks.slice(2).forEach((chunk, i) => expect(chunk).toBe(b.chunks[i + 2]));
		for (const p of payloads) expect(a.chunks).toContain(p);
		expect(decode(Version.Lite05, a.chunks)).toEqual({
			type: 0,
			header: { subscribeId: 0, sequence: 0 },
			frames: payloads.map((p, i) => ({ timestamp: 10 * (i + 1), payload: [...p] })),
		});
	});

	it("Frame Start (06): in the header, and the frames below it skipped; the first delta is against 0", async () => {
		const { producer } = track();
		const sub = await producer.consume().subscribe();
		const g = producer.createGroup(4);
		for (let i = 0; i < 4; i++) g.writeFrame(100 + i, bytes(i));
		g.finish();
		const w = recorder();
		await serveGroup(session(Version.Lite06), 2, (await sub.nextGroup())!, new Writer(w), 2);
		expect(decode(Version.Lite06, w.chunks)).toEqual({
			type: 0,
			header: { subscribeId: 2, sequence: 4, frameStart: 2 },
			frames: [
				{ timestamp: 102, payload: [2] },
				{ timestamp: 103, payload: [3] },
			],
		});
	});
});
