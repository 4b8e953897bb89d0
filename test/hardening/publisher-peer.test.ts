// A hostile *publisher* against our subscribing session (MemoryTransport): group streams reset mid-frame or
// claiming 2^62-byte frames lose only that group (spec §4.7); the subscription keeps delivering the next one.
import { describe, expect, it } from "vitest";
import { encodeAnnounceOk, encodeGroupHeader, encodeTrackInfo, encodeVarint, FrameEncoder } from "../../src/codec/index.js";
import { ErrorCode, EvictedError } from "../../src/error.js";
import { connect } from "../../src/lite/index.js";
import { OriginProducer } from "../../src/model/index.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { resetReason } from "../../src/transport/reset.js";
import { concat, RawReader, stopped, type } from "../lite/helpers.js";
import { V } from "./rig.js";

/** Our subscriber connected to a raw publisher that answers TRACK with defaults; resolves the SUBSCRIBE id. */
async function subscribed() {
	const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
	const remote = new OriginProducer();
	const session = await connect(client, { subscribe: remote });
	let resolveId!: (id: number) => void;
	const subscribeId = new Promise<number>((r) => (resolveId = r));
	void (async () => {
		const bidis = server.incomingBidirectionalStreams.getReader();
		for (;;) {
			const { value, done } = await bidis.read().catch(() => ({ value: undefined, done: true as const }));
			if (done) return;
			const r = new RawReader(value.readable);
			const w = value.writable.getWriter();
			const t = await r.varint();
			if (t === 1) await w.write(encodeAnnounceOk({ origin: 9, activeCount: 0 }, V));
			else if (t === 6) {
				await r.message("track", V);
				await w.write(encodeTrackInfo({ priority: 0, ordered: false, latencyMax: 5000, timescale: 1000 }, V));
				await w.close();
			} else if (t === 2) resolveId(Number((await r.message("subscribe", V)).id));
		}
	})();
	const sub = await (await remote.consume().requestBroadcast("room")).track("video").subscribe();
	const id = await subscribeId;
	/** Opens a group stream and writes `bytes` after its header. */
	const group = async (sequence: number, bytes: Uint8Array) => {
		const w = (await server.createUnidirectionalStream()).getWriter();
		await w.write(concat(type(0), encodeGroupHeader({ subscribeId: id, sequence }, V), bytes));
		return w;
	};
	return { session, sub, group };
}

describe("hostile publisher", () => {
	it("a group stream reset mid-frame: that group fails with the peer's code, the next one arrives", async () => {
		const { session, sub, group } = await subscribed();
		const fe = new FrameEncoder(V);
		const w = await group(0, concat(fe.header(1, 100), new Uint8Array(40)));
		const g0 = await sub.recvGroup();
		expect(g0?.sequence).toBe(0);
		await w.abort(resetReason(ErrorCode.Evicted));
		const err = await g0!.readFrame().catch((e: unknown) => e);
		expect(err).toBeInstanceOf(EvictedError);
		expect(err).toMatchObject({ code: ErrorCode.Evicted, remote: true });
		const ok = await group(1, concat(new FrameEncoder(V).header(2, 3), Uint8Array.of(1, 2, 3)));
		await ok.close();
		const g1 = await sub.recvGroup();
		expect(g1?.sequence).toBe(1);
		expect([...(await g1!.readFrame())!.payload]).toEqual([1, 2, 3]);
		expect(session.isClosed).toBe(false);
	});

	it("a frame claiming 2^62-1 bytes: stopped with FrameTooLarge (27) from its header, the next group arrives", async () => {
		const { session, sub, group } = await subscribed();
		const w = await group(0, concat(encodeVarint(0), encodeVarint((1n << 62n) - 1n)));
		expect(await stopped(w)).toBe(ErrorCode.FrameTooLarge);
		const ok = await group(1, concat(new FrameEncoder(V).header(2, 1), Uint8Array.of(9)));
		await ok.close();
		// Group 0 failed before a frame was read (it may already be gone from the cache); group 1 is whole.
		let g = await sub.recvGroup();
		if (g?.sequence === 0) {
			await expect(g.readFrame()).rejects.toMatchObject({ code: ErrorCode.FrameTooLarge });
			g = await sub.recvGroup();
		}
		expect(g?.sequence).toBe(1);
		expect([...(await g!.readFrame())!.payload]).toEqual([9]);
		expect(session.isClosed).toBe(false);
	});

	it("a group stream that FINs inside a frame payload: WrongSize (14) for that group only", async () => {
		const { session, sub, group } = await subscribed();
		const w = await group(0, concat(new FrameEncoder(V).header(1, 10), Uint8Array.of(1, 2)));
		await w.close();
		const g0 = await sub.recvGroup();
		await expect(g0!.readFrame()).rejects.toMatchObject({ code: ErrorCode.WrongSize });
		expect(session.isClosed).toBe(false);
	});
});
