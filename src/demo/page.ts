// The page `moqwire serve` shows at /: moqwire in the browser subscribing to the demo clock over WebTransport
// (pinned through /certificate.sha256) or WebSocket, and fetching the previous second on demand.
import { connect, dial, OriginProducer, ready } from "../entry/browser.js";

const $ = (id: string) => document.getElementById(id)!;
const text = new TextDecoder();

async function main(): Promise<void> {
	await ready();
	const remote = new OriginProducer();
	// `?transport=webtransport` skips the WebSocket fallback, so a check of WebTransport cannot lose the race to it.
	const webTransportOnly = new URLSearchParams(location.search).get("transport") === "webtransport";
	const session = await connect(`${location.origin}/`, {
		subscribe: remote,
		...(webTransportOnly ? { dial: (url, protocols, signal) => dial(url, { protocols, signal, webSocket: false }) } : {}),
	});
	const via = typeof WebTransport !== "undefined" && session.transport instanceof WebTransport ? "WebTransport" : "WebSocket";
	$("status").textContent = `${session.protocol} over ${via}`;
	const clock = await remote.consume().announcedBroadcast("demo/clock");
	const seconds = clock.track("seconds");
	let current = -1;
	$("fetch").addEventListener("click", async () => {
		const past = await seconds.fetchGroup(current - 1);
		const frames: string[] = [];
		for await (const frame of past) frames.push(text.decode(frame.payload));
		$("past").textContent = `group ${past.sequence}: ${frames.length} frames, ${frames[0]} … ${frames.at(-1)}`;
	});
	const subscriber = await seconds.subscribe();
	for (let group = await subscriber.recvGroup(); group; group = await subscriber.recvGroup()) {
		current = group.sequence;
		for await (const frame of group) $("clock").textContent = text.decode(frame.payload);
		group.close();
	}
}

main().catch((err: unknown) => ($("status").textContent = `error: ${(err as Error).message}`));
