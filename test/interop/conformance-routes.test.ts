// moq-lite-versions §6 item 6 (prefix routes, §2.4) as named tests: publishers of every lite version announce to
// our relay, and subscriptions, fetches and TRACK requests of paths below those announcements resolve to the
// longest announced prefix, an exact announcement shadows a broader one, the winning route's refusal is final,
// and an unannounced path is Unroutable for SUBSCRIBE and FETCH alike.
import * as Moq from "@moq/net";
import { describe, expect, test } from "vitest";
import { ErrorCode, type MoqError, NotFoundError } from "../../src/error.js";
import { connect, type Session } from "../../src/lite/index.js";
import { BroadcastProducer, OriginProducer } from "../../src/model/index.js";
import { Relay } from "../../src/relay/relay.js";
import { limitsWith } from "../../src/relay/limits.js";
import { MemoryTransport } from "../../src/transport/memory.js";
import { referenceFile } from "./session-peers.js";

const VERSIONS = ["moq-lite-03", "moq-lite-04", "moq-lite-05", "moq-lite-06"] as const;
const text = new TextEncoder();
const words = new TextDecoder();
const closers = referenceFile();

function startRelay(): Relay {
	const relay = new Relay({ origin: new OriginProducer(), limits: limitsWith() });
	closers.push(() => relay.close());
	return relay;
}

/** Our client on `protocol`, accepted by `relay`. */
function join(relay: Relay, protocol: string, options: Parameters<typeof connect>[1]): Promise<Session> {
	const { client, server } = MemoryTransport.pair({ protocol });
	relay.adopt(server, { address: "memory", transport: "websocket" });
	return connect(client, options);
}

/**
 * A publisher origin announcing `prefix` as a prefix route: each path below it is a broadcast whose "video"
 * track holds one frame naming `label` and the path. `asked` lists the paths it was asked for.
 */
function prefixPublisher(label: string, prefix: string): { origin: OriginProducer; asked: string[] } {
	const origin = new OriginProducer();
	const asked: string[] = [];
	origin.createBroadcast(prefix, {
		below: (path) => {
			asked.push(path);
			const b = new BroadcastProducer();
			b.createTrack("video").writeFrame(7, text.encode(`${label} ${path}`));
			return b;
		},
	});
	return { origin, asked };
}

/** A viewer session: first frame of `path`'s "video" track as text. */
async function watch(viewer: OriginProducer, path: string): Promise<string> {
	const sub = await (await viewer.consume().requestBroadcast(path)).track("video").subscribe({});
	const group = (await sub.recvGroup())!;
	const frame = (await group.readFrame())!;
	sub.close();
	return words.decode(frame.payload);
}

async function failure(p: Promise<unknown>): Promise<number> {
	return p.then(
		() => -1,
		(err: MoqError) => err.code,
	);
}

describe("moq-lite-versions §6.6 prefix routes through our relay", () => {
	for (const version of VERSIONS) {
		test(`§6.6 a path below a prefix announced on ${version} resolves to that route: SUBSCRIBE, TRACK and FETCH`, async () => {
			const relay = startRelay();
			const pub = prefixPublisher("A", "live");
			closers.push(...[await join(relay, version, { publish: pub.origin.consume() })].map((s) => () => s.close()));
			await relay.origin.consume().announcedBroadcast("live");
			const viewer = new OriginProducer();
			const session = await join(relay, version, { subscribe: viewer });
			closers.push(() => session.close());
			expect(await watch(viewer, "live/alice")).toBe("A live/alice");
			expect(await watch(viewer, "live/bob/cam")).toBe("A live/bob/cam");
			// The publisher saw the full paths, asked once each.
			expect(pub.asked).toEqual(["live/alice", "live/bob/cam"]);
			if (version === "moq-lite-05" || version === "moq-lite-06") {
				// TRACK and FETCH resolve the same way (05+: the only versions with those streams).
				const fetched = await (await viewer.consume().requestBroadcast("live/carol")).track("video").fetchGroup(0);
				expect(words.decode((await fetched.readFrame())!.payload)).toBe("A live/carol");
			}
			// Segment-wise: "liveX" is not under "live".
			expect(await failure(watch(viewer, "liveX/alice"))).toBe(ErrorCode.Unroutable);
		});
	}

	test("§6.6 an exact announcement shadows a broader prefix route; the broader one keeps serving its other paths", async () => {
		const relay = startRelay();
		const broad = prefixPublisher("broad", "live");
		const exact = new OriginProducer();
		exact.createBroadcast("live/alice").createTrack("video").writeFrame(1, text.encode("exact"));
		const narrow = prefixPublisher("narrow", "live/eu");
		for (const [version, origin] of [["moq-lite-04", broad.origin], ["moq-lite-05", exact], ["moq-lite-03", narrow.origin]] as const) {
			const s = await join(relay, version, { publish: origin.consume() });
			closers.push(() => s.close());
		}
		for (const path of ["live", "live/alice", "live/eu"]) await relay.origin.consume().announcedBroadcast(path);
		const viewer = new OriginProducer();
		const session = await join(relay, "moq-lite-06", { subscribe: viewer });
		closers.push(() => session.close());
		expect(await watch(viewer, "live/alice")).toBe("exact");
		expect(await watch(viewer, "live/eu/bob")).toBe("narrow live/eu/bob");
		expect(await watch(viewer, "live/us/bob")).toBe("broad live/us/bob");
		expect(broad.asked).toEqual(["live/us/bob"]);
	});

	for (const version of ["moq-lite-04", "moq-lite-05"] as const) {
		test(`§6.6 no fall-through: the longest prefix (learned on ${version}) refusing is final, a broader route is not tried`, async () => {
			const relay = startRelay();
			const broad = prefixPublisher("broad", "live");
			// Announces live/eu as a route that refuses every path below it with NotFound.
			const narrow = new OriginProducer();
			narrow.createBroadcast("live/eu", {
				below: (path) => {
					throw new NotFoundError(`nothing at ${path}`);
				},
			});
			for (const [v, origin] of [["moq-lite-05", broad.origin], [version, narrow]] as const) {
				const s = await join(relay, v, { publish: origin.consume() });
				closers.push(() => s.close());
			}
			for (const path of ["live", "live/eu"]) await relay.origin.consume().announcedBroadcast(path);
			const viewer = new OriginProducer();
			const session = await join(relay, "moq-lite-05", { subscribe: viewer });
			closers.push(() => session.close());
			expect(await failure(watch(viewer, "live/eu/alice"))).toBe(ErrorCode.NotFound);
			expect(broad.asked).toEqual([]);
			expect(await watch(viewer, "live/us/alice")).toBe("broad live/us/alice");
		});
	}

	test("§6.6 withdrawing the winning route re-resolves later requests to the next longest prefix", async () => {
		const relay = startRelay();
		const broad = prefixPublisher("broad", "live");
		const narrow = prefixPublisher("narrow", "live/eu");
		const sessions: Session[] = [];
		for (const origin of [broad.origin, narrow.origin]) sessions.push(await join(relay, "moq-lite-05", { publish: origin.consume() }));
		closers.push(() => sessions.forEach((s) => s.close()));
		for (const path of ["live", "live/eu"]) await relay.origin.consume().announcedBroadcast(path);
		const viewer = new OriginProducer();
		const session = await join(relay, "moq-lite-05", { subscribe: viewer });
		closers.push(() => session.close());
		expect(await watch(viewer, "live/eu/alice")).toBe("narrow live/eu/alice");
		// The viewer's session holds the relay's routes too: wait until the withdrawal reached it.
		const gone = viewer.consume().announced("live/eu");
		expect((await gone.next())?.broadcast).toBeDefined();
		sessions[1]!.close();
		expect((await gone.next())?.broadcast).toBeUndefined();
		gone.close();
		expect(await watch(viewer, "live/eu/alice")).toBe("broad live/eu/alice");
	});

	test("§6.6 an unannounced path is Unroutable (0x36) for SUBSCRIBE and FETCH alike", async () => {
		const relay = startRelay();
		for (const version of ["moq-lite-05", "moq-lite-06"]) {
			const viewer = new OriginProducer();
			const session = await join(relay, version, { subscribe: viewer });
			closers.push(() => session.close());
			const fetched = (await viewer.consume().requestBroadcast("nobody/here")).track("video").fetchGroup(0);
			expect(await failure(fetched)).toBe(ErrorCode.Unroutable);
			expect(await failure(watch(viewer, "nobody/else"))).toBe(ErrorCode.Unroutable);
		}
	});

	test("§6.6 an @moq/net 0.3.4 viewer (moq-lite-05) subscribing below a prefix a moq-lite-04 publisher announced gets that publisher's broadcast", async () => {
		const relay = startRelay();
		const pub = prefixPublisher("A", "live");
		const s = await join(relay, "moq-lite-04", { publish: pub.origin.consume() });
		closers.push(() => s.close());
		await relay.origin.consume().announcedBroadcast("live");
		const { client, server } = MemoryTransport.pair({ protocol: "moq-lite-05" });
		relay.adopt(server, { address: "memory", transport: "websocket" });
		const viewer = await Moq.Connection.connect(new URL("https://relay/"), { transport: client as unknown as WebTransport });
		closers.push(() => viewer.close());
		const sub = viewer.consume(Moq.Path.from("live/alice")).track("video").subscribe();
		const group = (await sub.recvGroup())!;
		expect(words.decode((await group.readFrame())!.payload)).toBe("A live/alice");
		expect(pub.asked).toEqual(["live/alice"]);
	});
});
