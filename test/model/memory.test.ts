import vm from "node:vm";
import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { wasm } from "../../src/wasm/core.js";
import { Pool } from "../../src/model/index.js";
import { DroppedError } from "../../src/error.js";
import type { GroupConsumer } from "../../src/model/index.js";
import { Clock, bytes, track } from "./helpers.js";

// A collectable heap reading without restarting the worker with --expose-gc.
v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

function heapUsed(): number {
	gc();
	gc();
	return process.memoryUsage().heapUsed;
}

const pages = (): number => wasm<object>().memory.buffer.byteLength / 65536;

describe("memory stays bounded", () => {
	it("1,000,000 groups through a track with expiry and a byte budget keep WASM pages and the JS heap bounded", () => {
		const clock = new Clock();
		const pool = new Pool(64 * 1024);
		const { producer } = track({ latencyMax: 50 }, { now: clock.now, pool });
		// An idle subscriber never reads: its buffered groups must still be released as they expire.
		const idle = producer.subscribe();
		const payload = new Uint8Array(100);
		const run = (n: number): void => {
			for (let i = 0; i < n; i++) {
				clock.advance(1);
				const group = producer.appendGroup();
				group.writeFrame(i, payload);
				group.finish();
			}
		};

		run(100_000);
		const pagesWarm = pages();
		const heapWarm = heapUsed();
		run(900_000);
		const pagesEnd = pages();
		const heapEnd = heapUsed();

		expect(producer.latestGroup()?.sequence).toBe(999_999);
		expect(pagesEnd).toBe(pagesWarm);
		expect(pool.used).toBeLessThanOrEqual(pool.capacity);
		// Allow noise from the JIT and allocator, far below the ~100 MB a leak of 900k groups would hold.
		expect(heapEnd - heapWarm).toBeLessThan(8 * 1024 * 1024);
		idle.close();
	});

	it("a track nobody holds is released: its finished groups stay readable, an open one fails with Dropped", async () => {
		let finished!: GroupConsumer;
		let open!: GroupConsumer;
		(() => {
			const { producer } = track();
			const group = producer.createGroup(0);
			group.writeFrame(0, bytes(1));
			group.finish();
			finished = group.consume();
			open = producer.createGroup(1).consume();
		})();
		const read = open.readFrame().then(
			() => null,
			(err: unknown) => err,
		);
		for (let i = 0; i < 20; i++) {
			gc();
			await new Promise((r) => setTimeout(r, 5));
		}
		expect(await read).toBeInstanceOf(DroppedError);
		expect((await finished.readFrame())?.payload).toEqual(bytes(1));
	});
});
