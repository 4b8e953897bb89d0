// `moqwire publish URL BROADCAST TRACK`: each line of stdin becomes one group of one frame (the text), or with
// --clock the ISO time every 100 ms (a group per second). Ends at end of input or on SIGINT/SIGTERM.
import { createInterface } from "node:readline";
import { OriginProducer } from "../model/index.js";
import { publishClock } from "../node/demo-clock.js";
import type { Command } from "./args.js";
import { CLIENT_OPTIONS, openSession } from "./client.js";

export const publishCommand: Command = {
	name: "publish",
	args: "URL BROADCAST TRACK",
	summary: "publish stdin lines (one group each) or --clock as a broadcast through a relay",
	options: { ...CLIENT_OPTIONS, clock: { type: "boolean", description: "publish the ISO time every 100 ms instead of stdin" } },
	async run(values, [url, broadcast, track]) {
		const origin = new OriginProducer();
		const session = await openSession(values, url!, { publish: origin.consume() });
		const stop = new AbortController();
		const onSignal = () => stop.abort();
		process.once("SIGINT", onSignal);
		process.once("SIGTERM", onSignal);
		try {
			if (values.clock === true) {
				const clock = publishClock(origin, broadcast!, track!);
				await new Promise<void>((r) => stop.signal.addEventListener("abort", () => r(), { once: true }));
				clock.stop();
				return 0;
			}
			const b = origin.createBroadcast(broadcast!);
			const t = b.createTrack(track!);
			const text = new TextEncoder();
			const lines = createInterface({ input: process.stdin });
			stop.signal.addEventListener("abort", () => lines.close(), { once: true });
			for await (const line of lines) t.writeFrame(Date.now(), text.encode(line));
			t.finish();
			b.finish();
			return 0;
		} finally {
			process.off("SIGINT", onSignal);
			process.off("SIGTERM", onSignal);
			session.close();
		}
	},
};
