// `moqwire watch URL BROADCAST TRACK`: subscribe through a relay and print each frame (as text when it is UTF-8,
// else its size) until SIGINT/SIGTERM or the track ends; `moqwire fetch URL BROADCAST TRACK GROUP` (or watch
// --group N) prints one FETCHed group.
import type { Session } from "../lite/session.js";
import { OriginProducer, type TrackConsumer } from "../model/index.js";
import { parseSequence } from "../relay/sequence.js";
import { type Command, str, UsageError, type Values } from "./args.js";
import { CLIENT_OPTIONS, openSession, refusal } from "./client.js";
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

function group(text: string, what: string): number {
	try {
		return parseSequence(text);
	} catch (err) {
		throw new UsageError(`${what}: ${(err as Error).message}`);
	}
}

/** Runs `body` on the track through a fresh session; a signal ends it with 0, the relay's refusals in words. */
async function withTrack(values: Values, url: string, broadcast: string, track: string, body: (t: TrackConsumer, stop: AbortSignal) => Promise<void>): Promise<number> {
	const stop = new AbortController();
	const onSignal = () => stop.abort();
	process.once("SIGINT", onSignal);
	process.once("SIGTERM", onSignal);
	const remote = new OriginProducer();
	let session: Session | undefined;
	try {
		session = await openSession(values, url, { subscribe: remote });
		const consumer = (await remote.consume().requestBroadcast(broadcast, { signal: stop.signal })).track(track);
		await body(consumer, stop.signal);
		return 0;
	} catch (err) {
		// Stopped by a signal: whatever was pending ended with it, which is the point.
		if (stop.signal.aborted) return 0;
		throw (await refusal(session)) ?? explainRemote(err, broadcast);
	} finally {
		process.off("SIGINT", onSignal);
		process.off("SIGTERM", onSignal);
		session?.close();
	}
}

async function printFetched(consumer: TrackConsumer, sequence: number, signal: AbortSignal): Promise<void> {
	const fetched = await consumer.fetchGroup(sequence, { signal });
	for await (const frame of fetched) console.log(show(fetched.sequence, frame.timestamp, frame.payload));
}

export const watchCommand: Command = {
	name: "watch",
	args: "URL BROADCAST TRACK",
	summary: "print a track's frames live (sequence, timestamp, text or size), or one FETCHed group",
	options: { ...CLIENT_OPTIONS, group: { type: "string", value: "N", description: "print group N (FETCH) instead of subscribing" } },
	async run(values, [url, broadcast, track]) {
		const groupArg = str(values, "group");
		const sequence = groupArg === undefined ? undefined : group(groupArg, "--group");
		return withTrack(values, url!, broadcast!, track!, async (consumer, signal) => {
			if (sequence !== undefined) return printFetched(consumer, sequence, signal);
			const subscriber = await consumer.subscribe({}, { signal });
			signal.addEventListener("abort", () => subscriber.close(), { once: true });
			for (let g = await subscriber.recvGroup(); g; g = await subscriber.recvGroup()) {
				for await (const frame of g) console.log(show(g.sequence, frame.timestamp, frame.payload));
				g.close();
			}
		});
	},
};

export const fetchCommand: Command = {
	name: "fetch",
	args: "URL BROADCAST TRACK GROUP",
	summary: "print one group of a track, FETCHed through a relay",
	options: CLIENT_OPTIONS,
	async run(values, [url, broadcast, track, groupArg]) {
		const sequence = group(groupArg!, "GROUP");
		return withTrack(values, url!, broadcast!, track!, (consumer, signal) => printFetched(consumer, sequence, signal));
	},
};
