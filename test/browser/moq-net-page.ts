// Runs inside headless Chromium: the reference client, @moq/net, over the browser's own WebTransport.
import * as Moq from "@moq/net";

async function subscribe(url: string, hashHex: string) {
	const connection = await Moq.Connection.connect(new URL(url), {
		webtransport: { serverCertificateHashes: [{ algorithm: "sha-256", value: hashHex }] },
		websocket: { enabled: false },
	});
	const announced = connection.announced();
	const event = await announced.next();
	const track = connection.consume(Moq.Path.from("demo")).subscribe("clock");
	const group = await track.recvGroup();
	const frames = [await group?.readString(), await group?.readString()];
	track.close();
	announced.close();
	const version = connection.version;
	connection.close();
	return { version, announced: event, frames };
}

Object.assign(globalThis, { moqnet: { subscribe } });
