// Group readers (spec §4.4 step 4): GroupConsumer.close() and GroupProducer.unused(), which lets whoever fills
// a group that may stay open stop once every reader has left.
import { describe, expect, it } from "vitest";
import { bytes, settled, track } from "./helpers.js";

describe("group readers", () => {
	it("unused resolves only once every reader that opened the group has closed", async () => {
		const { producer } = track();
		const group = producer.appendGroup();
		const stop = new AbortController();
		// No reader yet: an empty group is not an abandoned one.
		const waiting = group.unused({ signal: stop.signal });
		expect((await settled(waiting)).state).toBe("pending");
		const a = group.consume();
		const b = group.consume();
		a.close();
		a.close();
		expect((await settled(waiting)).state).toBe("pending");
		b.close();
		expect((await settled(waiting)).state).toBe("fulfilled");
		// Level-triggered: with no reader left it answers at once; a new reader makes it wait again.
		expect((await settled(group.unused())).state).toBe("fulfilled");
		const c = group.consume();
		const again = group.unused({ signal: stop.signal });
		expect((await settled(again)).state).toBe("pending");
		stop.abort();
		expect((await settled(again)).state).toBe("rejected");
		c.close();
	});

	it("close() ends a pending read with undefined and leaves other readers reading", async () => {
		const { producer } = track();
		const group = producer.appendGroup();
		const a = group.consume();
		const b = group.consume();
		const pending = a.readFrame();
		a.close();
		expect(await pending).toBeUndefined();
		group.writeFrame(1, bytes(7));
		expect(await a.readFrame()).toBeUndefined();
		expect((await b.readFrame())?.payload).toEqual(bytes(7));
		b.close();
	});

	it("a fetch caller that aborted before the group arrived never counts as a reader", async () => {
		const { producer } = track();
		const dynamic = producer.dynamic();
		const stop = new AbortController();
		const detached = producer.consume().fetchGroup(3, { signal: stop.signal });
		const kept = producer.consume().fetchGroup(3);
		stop.abort();
		await expect(detached).rejects.toBe(stop.signal.reason);
		const group = (await dynamic.requestedGroup()).accept();
		const unused = group.unused();
		const reader = await kept;
		expect((await settled(unused)).state).toBe("pending");
		reader.close();
		expect((await settled(unused)).state).toBe("fulfilled");
		dynamic.close();
	});
});
