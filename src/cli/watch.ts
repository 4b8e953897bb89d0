// `moqwire watch URL BROADCAST TRACK`: subscribe through a relay and print each frame (as text when it is UTF-8,
// else its size), or with --group N print one FETCHed group. Ends on SIGINT/SIGTERM or when the track ends.
import { connect } from "../lite/connect.js";
import { OriginProducer } from "../model/index.js";
import { nodeDial } from "../node/dial.js";
import { parseSequence } from "../relay/sequence.js";
import { type Command, str, UsageError } from "./args.js";
import { explainRemote } from "./errors.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function show(sequence: number, timestamp: number, payload: Uint8Array): string {
	let body: string;
	try {
		body = utf8.decode(payload);
	} catch {
		body = `<${payload.byteLength} bytes>`;
	}
	return `${sequence}\t${timestamp}\t${body}`;
}

export const watchCommand: Command = {
	name: "watch",
	args: "URL BROADCAST TRACK",
	summary: "print a track's frames live (sequence, timestamp, text or size), or one FETCHed group",
	options: { group: { type: "string", value: "N", description: "print group N (FETCH) instead of subscribing" } },
	async run(values, [url, broadcast, track]) {
		const groupArg = str(values, "group");
		let group: number | undefined;
		try {
			group = groupArg === undefined ? undefined : parseSequence(groupArg);
		} catch (err) {
			throw new UsageError(`--group: ${(err as Error).message}`);
		}
		const stop = new AbortController();
		const onSignal = () => stop.abort();
		process.once("SIGINT", onSignal);
		process.once("SIGTERM", onSignal);
		const remote = new OriginProducer();
		const session = await connect(url!, { subscribe: remote, dial: nodeDial, signal: AbortSignal.timeout(10_000) });
		try {
			const consumer = (await remote.consume().requestBroadcast(broadcast!, { signal: stop.signal })).track(track!);
			if (group !== undefined) {
				const fetched = await consumer.fetchGroup(group, { signal: stop.signal });
				for await (const frame of fetched) console.log(show(fetched.sequence, frame.timestamp, frame.payload));
				return 0;
			}
			const subscriber = await consumer.subscribe({}, { signal: stop.signal });
			stop.signal.addEventListener("abort", () => subscriber.close(), { once: true });
			for (let g = await subscriber.recvGroup(); g; g = await subscriber.recvGroup()) {
				for await (const frame of g) console.log(show(g.sequence, frame.timestamp, frame.payload));
				g.close();
			}
			return 0;
		} catch (err) {
			// Stopped by a signal: whatever was pending ended with it, which is the point.
			if (stop.signal.aborted) return 0;
			throw explainRemote(err, broadcast!);
		} finally {
			process.off("SIGINT", onSignal);
			process.off("SIGTERM", onSignal);
			session.close();
		}
	},
};
