// moqwire itself in the browser (the package's browser entry, WASM fetched beside the script): connect to a
// moqwire endpoint, discover demo/clock, read a live frame, FETCH a past second.
import { connect, connectWebSocket, OriginProducer, ready } from "../../src/entry/browser.js";

async function watchClock(url: string, webSocketOnly: boolean) {
	await ready();
	const remote = new OriginProducer();
	const session = await connect(url, {
		subscribe: remote,
		...(webSocketOnly ? { dial: (u: URL, protocols: readonly string[]) => connectWebSocket(u, { protocols }) } : {}),
	});
	try {
		const clock = await remote.consume().announcedBroadcast("demo/clock");
		const seconds = clock.track("seconds");
		const live = (await (await seconds.subscribe()).recvGroup())!;
		const frame = (await live.readFrame())!;
		const past = await seconds.fetchGroup(live.sequence - 1);
		let fetched = 0;
		while (await past.readFrame()) fetched++;
		return {
			protocol: session.transport.protocol,
			native: session.transport instanceof WebTransport,
			text: new TextDecoder().decode(frame.payload),
			fetched,
		};
	} finally {
		session.close();
	}
}

Object.assign(globalThis, { moqwire: { watchClock } });
