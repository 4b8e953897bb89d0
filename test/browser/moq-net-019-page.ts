// Runs inside headless Chromium: @moq/net 0.1.9 (what @moq/publish 0.2.17 ships), over WebSocket (WebTransport
// hidden from it, as on Firefox) or the browser's WebTransport. It subscribes to demo/clock and publishes up/cam.
import * as Old from "moq-net-019";

let connection: Awaited<ReturnType<typeof Old.Connection.connect>> | undefined;

async function run(url: string, hashHex: string, transport: "websocket" | "webtransport") {
	if (transport === "websocket") (globalThis as { WebTransport?: unknown }).WebTransport = undefined;
	connection = await Old.Connection.connect(new URL(url), {
		webtransport: { serverCertificateHashes: [{ algorithm: "sha-256", value: hashHex }] },
		websocket: { delay: 0 },
	});
	const track = connection.consume(Old.Path.from("demo")).subscribe("clock", 0);
	const group = await track.recvGroup();
	const frames = [await group?.readString(), await group?.readString()];
	// Publish: the server subscribes to up/cam, and each request gets one group of two frames.
	const broadcast = new Old.Broadcast();
	connection.publish(Old.Path.from("up"), broadcast);
	void (async () => {
		for (let request = await broadcast.requested(); request; request = await broadcast.requested()) {
			const g = request.track.appendGroup();
			g.writeString("from the browser 0");
			g.writeString("from the browser 1");
			g.close();
		}
	})();
	return { version: connection.version, frames };
}

Object.assign(globalThis, { moqnet019: { run, close: () => connection?.close() } });
