import { describe, expect, it } from "vitest";
import { MemoryTransport } from "../../src/transport/memory.js";
import { resetCode, resetReason } from "../../src/transport/reset.js";
import { first, readAll } from "./helpers.js";

describe("memory transport", () => {
	it("carries a bidi stream both ways with FIN", async () => {
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		expect(server.protocol).toBe("moq-lite-05");
		const local = await client.createBidirectionalStream();
		const remote = await first(server.incomingBidirectionalStreams);
		const w = local.writable.getWriter();
		await w.write(new Uint8Array([1, 2, 3]));
		const closing = w.close();
		expect(await readAll(remote.readable)).toEqual([1, 2, 3]);
		await closing;
		const rw = remote.writable.getWriter();
		await rw.write(new Uint8Array([9]));
		const rclosing = rw.close();
		expect(await readAll(local.readable)).toEqual([9]);
		await rclosing;
	});

	it("copies each chunk so a writer reusing its buffer corrupts nothing", async () => {
		const { client, server } = MemoryTransport.pair();
		const uni = await client.createUnidirectionalStream();
		const incoming = first(server.incomingUnidirectionalStreams);
		const w = uni.getWriter();
		const scratch = new Uint8Array([1, 1]);
		await w.write(scratch);
		scratch.fill(2);
		await w.write(scratch);
		const closing = w.close();
		expect(await readAll(await incoming)).toEqual([1, 1, 2, 2]);
		await closing;
	});

	it("delivers a reset code to the reader and a stop code to the writer", async () => {
		const { client, server } = MemoryTransport.pair();
		const uni = await client.createUnidirectionalStream();
		const readable = await first(server.incomingUnidirectionalStreams);
		await uni.getWriter().abort(resetReason(13));
		const err = await readable.getReader().read().catch((e: unknown) => e);
		expect(resetCode(err)).toBe(13);

		const bidi = await client.createBidirectionalStream();
		const remote = await first(server.incomingBidirectionalStreams);
		await remote.readable.cancel(resetReason(7));
		const werr = await bidi.writable.getWriter().write(new Uint8Array([1])).catch((e: unknown) => e);
		expect(resetCode(werr)).toBe(7);
	});

	it("applies backpressure when the reader never reads", async () => {
		const { client, server } = MemoryTransport.pair();
		const uni = await client.createUnidirectionalStream();
		const readable = await first(server.incomingUnidirectionalStreams);
		const w = uni.getWriter();
		let written = 0;
		const writing = (async () => {
			for (let i = 0; i < 1000; i++) {
				await w.write(new Uint8Array(1));
				written++;
			}
		})();
		await new Promise((r) => setTimeout(r, 20));
		expect(written).toBeLessThan(200);
		const drained = readAll(readable);
		await writing;
		const closing = w.close();
		expect((await drained).length).toBe(1000);
		await closing;
	});

	it("errors every open stream with the close code when the session closes", async () => {
		const { client, server } = MemoryTransport.pair();
		const bidi = await client.createBidirectionalStream();
		const remote = await first(server.incomingBidirectionalStreams);
		client.close({ closeCode: 4, reason: "bye" });
		expect(await server.closed).toEqual({ closeCode: 4, reason: "bye" });
		const err = await remote.readable.getReader().read().catch((e: unknown) => e);
		expect(resetCode(err)).toBe(4);
		const werr = await bidi.writable.getWriter().write(new Uint8Array([1])).catch((e: unknown) => e);
		expect(resetCode(werr)).toBe(4);
		await expect(client.createUnidirectionalStream()).rejects.toBeDefined();
	});

	it("delivers datagrams up to the max size and drops larger ones", async () => {
		const { client, server } = MemoryTransport.pair({ maxDatagramSize: 4 });
		const w = client.datagrams.writable.getWriter();
		await w.write(new Uint8Array([1, 2, 3, 4, 5]));
		await w.write(new Uint8Array([6]));
		expect([...(await first(server.datagrams.readable))]).toEqual([6]);
	});

	it("a bare writer's close() resolves only once the peer's reader has read the FIN", async () => {
		const { client, server } = MemoryTransport.pair();
		const w = await client.createUnidirectionalWriter();
		const reader = (await first(server.incomingUnidirectionalStreams)).getReader();
		void w.write(new Uint8Array([1, 2]));
		let closed = false;
		const closing = w.close().then(() => (closed = true));
		// The reader takes the last chunk: not yet the end, so close() stays pending.
		expect((await reader.read()).value).toEqual(new Uint8Array([1, 2]));
		// Everything that could have settled it without the FIN being read (microtasks, a macrotask) has run.
		await new Promise((r) => setImmediate(r));
		expect(closed).toBe(false);
		expect((await reader.read()).done).toBe(true);
		await closing;
		expect(closed).toBe(true);
	});

	it("a public stream's close() resolves once the FIN is queued; the reader still gets every chunk, then the FIN", async () => {
		const { client, server } = MemoryTransport.pair();
		const w = (await client.createUnidirectionalStream()).getWriter();
		const readable = await first(server.incomingUnidirectionalStreams);
		await w.write(new Uint8Array([1]));
		await w.write(new Uint8Array([2]));
		await w.close();
		expect(await readAll(readable)).toEqual([1, 2]);
	});

	it("the bare writer hands chunks over uncopied", async () => {
		const { client, server } = MemoryTransport.pair();
		const w = await client.createUnidirectionalWriter();
		const reader = (await first(server.incomingUnidirectionalStreams)).getReader();
		const chunk = new Uint8Array([5, 6]);
		void w.write(chunk);
		expect((await reader.read()).value).toBe(chunk);
	});

	it("a bare close() whose FIN is never read settles on reset, stop and session close", async () => {
		const { client, server } = MemoryTransport.pair();
		// Reset by the writer itself: its close() rejects with the reset reason.
		const reset = await client.createUnidirectionalWriter();
		await first(server.incomingUnidirectionalStreams);
		const resetClosing = reset.close().catch((e: unknown) => e);
		void reset.abort(resetReason(9));
		expect(resetCode(await resetClosing)).toBe(9);
		// STOP_SENDING from a reader that never read: rejects with the reader's code.
		const stopped = await client.createUnidirectionalWriter();
		const stoppedReadable = await first(server.incomingUnidirectionalStreams);
		const stoppedClosing = stopped.close().catch((e: unknown) => e);
		await stoppedReadable.cancel(resetReason(5));
		expect(resetCode(await stoppedClosing)).toBe(5);
		// Session close: a never-read FIN rejects with the close code.
		const lean = await client.createUnidirectionalWriter();
		await first(server.incomingUnidirectionalStreams);
		const pending = lean.close().catch((e: unknown) => e);
		server.close({ closeCode: 3 });
		expect(resetCode(await pending)).toBe(3);
	});
});
