// Every moq-lite version moq-relay and we share, over every shared transport: chosen by negotiation, forced by
// our client offering one, and forced by moq-relay accepting one (`listen.version`). Each session carries a live
// group from our publisher through moq-relay.
import { describe, expect, it } from "vitest";
import { SUPPORTED_PROTOCOLS } from "../../src/lite/version.js";
import { startRelay, type RustRelay } from "./moq-relay.js";
import { TRANSPORTS, ours, type OursClient, type TransportName } from "./peers.js";
import { relayPerBlock, rustSuite } from "./suite.js";

const { relays, cleanup } = rustSuite("versions");

async function client(relay: RustRelay, t: TransportName, protocols?: readonly string[]): Promise<OursClient> {
	const c = await ours(relay, t, protocols);
	cleanup.push(() => c.session.close());
	return c;
}

/** `sub` receives a group `pub` publishes through the relay (announce, TRACK/SUBSCRIBE, group stream). */
async function carries(pub: OursClient, sub: OursClient, path: string): Promise<void> {
	const track = pub.published.createBroadcast(path).createTrack("t", { timescale: 1000 });
	const live = await (await sub.remote.consume().announcedBroadcast(path)).track("t").subscribe();
	await track.used();
	const g = track.appendGroup();
	g.writeFrame(7, Uint8Array.of(1, 2, 3));
	g.finish();
	const got = (await live.recvGroup())!;
	const f = (await got.readFrame())!;
	expect([...f.payload]).toEqual([1, 2, 3]);
	// Frames carry timestamps from 05 on; before that the receiver stamps them itself.
	if (sub.session.protocol === "moq-lite-05") expect(f.timestamp).toBe(7);
	live.close();
}


for (const { pin, bin } of relays) {
	describe(`moq-relay ${pin.version}`, () => {
		const shared = relayPerBlock(bin);

		for (const t of TRANSPORTS) {
			it(`${t}: negotiation picks our most preferred version`, async () => {
				const pub = await client(shared(), t);
				expect(pub.session.protocol).toBe(SUPPORTED_PROTOCOLS[0]);
				await carries(pub, await client(shared(), t), `negotiated-${t}`);
			});

			for (const protocol of SUPPORTED_PROTOCOLS) {
				it(`${t}: our client forces ${protocol}`, async () => {
					const sub = await client(shared(), t, [protocol]);
					expect(sub.session.protocol).toBe(protocol);
					await carries(await client(shared(), t), sub, `client-${protocol}-${t}`);
				});
			}
		}

		for (const protocol of SUPPORTED_PROTOCOLS) {
			it(`moq-relay forces ${protocol} (listen.version) on every transport`, async () => {
				const only = await startRelay(bin, { versions: [protocol] });
				cleanup.push(() => only.stop());
				for (const t of TRANSPORTS) {
					const pub = await client(only, t);
					expect(pub.session.protocol).toBe(protocol);
					await carries(pub, await client(only, t), `relay-${protocol}-${t}`);
				}
			}, 60_000);
		}
	});
}

