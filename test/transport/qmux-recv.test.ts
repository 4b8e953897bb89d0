// The receiving half of a QMux stream, driven directly: the lean reader (`take`) gets every chunk as it arrives
// and returns its credit at once; the ReadableStream is built only when asked for; each way, a reset or the end
// of the session reaches whoever reads, even if it came first.
import { describe, expect, it } from "vitest";
import { RecvWindow } from "../../src/transport/qmux/credit.js";
import { QmuxError } from "../../src/transport/qmux/errors.js";
import { QmuxRecvStream, type RecvHost } from "../../src/transport/qmux/recv-stream.js";
import { resetCode } from "../../src/transport/reset.js";

function host() {
	const log = { consumed: [] as number[], stops: [] as number[], ended: 0 };
	const h: RecvHost = {
		consumed: (_s, n) => void log.consumed.push(n),
		stop: (_s, code) => void log.stops.push(code),
		recvEnded: () => void log.ended++,
	};
	return { h, log };
}

function sink() {
	const got = { chunks: [] as number[][], ends: [] as unknown[] };
	return { got, sink: { chunk: (c: Uint8Array) => void got.chunks.push([...c]), end: (err?: unknown) => void got.ends.push(err) } };
}

describe("qmux recv stream: lean reader", () => {
	it("gets what was queued before take and everything after, credited as delivered, then one clean end at FIN", () => {
		const { h, log } = host();
		const s = new QmuxRecvStream(h, 3, 100);
		s.data(0, new Uint8Array([1, 2]), false);
		s.data(2, new Uint8Array([3]), false);
		expect(log.consumed).toEqual([]); // nobody read yet: no credit back
		const { got, sink: k } = sink();
		s.take(k);
		expect(got.chunks).toEqual([[1, 2], [3]]);
		expect(log.consumed).toEqual([2, 1]);
		s.data(3, new Uint8Array([4, 5, 6]), true);
		expect(got.chunks).toEqual([[1, 2], [3], [4, 5, 6]]);
		expect(log.consumed).toEqual([2, 1, 3]);
		expect(got.ends).toEqual([undefined]);
		expect(s.done).toBe(true);
		expect(log.stops).toEqual([]);
	});

	it("a reset reaches the sink as its error, with the code", () => {
		const { h } = host();
		const s = new QmuxRecvStream(h, 3, 100);
		const { got, sink: k } = sink();
		s.take(k);
		s.data(0, new Uint8Array([1]), false);
		s.reset(7, 1);
		expect(got.chunks).toEqual([[1]]);
		expect(got.ends).toHaveLength(1);
		expect(resetCode(got.ends[0])).toBe(7);
	});

	it("a failure before anyone reads is handed to the reader that comes later", async () => {
		const { h } = host();
		const early = new QmuxRecvStream(h, 3, 100);
		const err = new Error("session gone");
		early.fail(err);
		const { got, sink: k } = sink();
		early.take(k);
		expect(got.ends).toEqual([err]);
		const late = new QmuxRecvStream(h, 7, 100);
		late.fail(err);
		await expect(late.readable.getReader().read()).rejects.toBe(err);
	});

	it("stop() sends STOP_SENDING with the code, credits what was unread, and delivers nothing more", () => {
		const { h, log } = host();
		const s = new QmuxRecvStream(h, 3, 100);
		const { got, sink: k } = sink();
		s.take({ chunk: (c) => (k.chunk(c), s.stop(5)), end: k.end });
		s.data(0, new Uint8Array([1, 2]), false);
		expect(log.stops).toEqual([5]);
		s.data(2, new Uint8Array([3]), false); // still counted by the connection, never delivered
		expect(got.chunks).toEqual([[1, 2]]);
		expect(s.done).toBe(true);
	});

	it("one reader per stream: take after readable, or readable after take, is a TypeError", () => {
		const { h } = host();
		const a = new QmuxRecvStream(h, 3, 100);
		void a.readable;
		expect(() => a.take(sink().sink)).toThrow(TypeError);
		const b = new QmuxRecvStream(h, 7, 100);
		b.take(sink().sink);
		expect(() => b.readable).toThrow(TypeError);
	});

	it("the peer's violations still throw with a lean reader (data past the final size)", () => {
		const { h } = host();
		const s = new QmuxRecvStream(h, 3, 100);
		s.take(sink().sink);
		s.data(0, new Uint8Array([1]), true);
		expect(() => s.data(1, new Uint8Array([2]), false)).toThrow(QmuxError);
	});
});

describe("qmux recv stream: ReadableStream side", () => {
	it("one chunk per read, credit only as read, closed after the FIN", async () => {
		const { h, log } = host();
		const s = new QmuxRecvStream(h, 3, 100);
		s.data(0, new Uint8Array([1]), false);
		s.data(1, new Uint8Array([2, 3]), true);
		const r = s.readable.getReader();
		expect([...(await r.read()).value!]).toEqual([1]);
		expect([...(await r.read()).value!]).toEqual([2, 3]);
		expect((await r.read()).done).toBe(true);
		expect(log.consumed).toEqual([1, 2]);
	});
});

describe("qmux receive window", () => {
	it("grants a full window beyond what was consumed once a quarter of it is used, not before", () => {
		const w = new RecvWindow(100);
		expect(w.consume(24)).toBeUndefined();
		expect(w.consume(1)).toBe(125);
		expect(w.consume(24)).toBeUndefined();
		expect(w.consume(10)).toBe(159);
		expect(w.max).toBe(159);
	});

	it("an unlimited window (the legacy binding) never produces an update", () => {
		const w = new RecvWindow(Infinity);
		for (let i = 0; i < 4; i++) expect(w.consume(1 << 30)).toBeUndefined();
	});

	it("more than advertised is the peer's flow-control violation", () => {
		const w = new RecvWindow(100);
		w.receive(100, "stream 3");
		expect(() => w.receive(101, "stream 3")).toThrow(QmuxError);
	});
});
