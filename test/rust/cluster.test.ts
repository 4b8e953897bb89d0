// moq-relay and our relay as cluster peers: moq-relay dialing ours (`cluster.connect`), ours linked to it
// (`--upstream`, i.e. listen({ upstream })). A broadcast published on one side is discovered and watched on the
// other, the hop list it arrives with is pinned, it goes away everywhere when its publisher leaves (no loop keeps
// it alive), and a restart on either side reconnects.
import { describe, expect, it, vi } from "vitest";
import { UnroutableError } from "../../src/error.js";
import { connect } from "../../src/lite/index.js";
import { OriginProducer, type OriginConsumer, type TrackProducer } from "../../src/model/index.js";
import { listen, nodeDial, type Endpoint } from "../../src/node/index.js";
import { startRelay, type RustRelay } from "./moq-relay.js";
import { ours } from "./peers.js";
import { rustSuite } from "./suite.js";

const { relays, cleanup } = rustSuite("cluster");

/** moq-relay's hop id, fixed so hop lists can be asserted. */
const RUST_ID = 4242;

/** Our relay (what `moqwire serve [--upstream URL]` runs) with the origin it routes through. */
async function ourRelay(options: { port?: number; upstream?: string } = {}): Promise<Endpoint & { origin: OriginProducer }> {
	const origin = new OriginProducer();
	const endpoint = await listen({ bind: `127.0.0.1:${options.port ?? 0}`, origin, ...(options.upstream ? { upstream: options.upstream } : {}) });
	cleanup.push(() => endpoint.close());
	return Object.assign(endpoint, { origin });
}

/** A client of our relay (WebTransport/WebSocket race, pinning its dev certificate), publishing `published`. */
async function ourRelayClient(endpoint: Endpoint) {
	const published = new OriginProducer();
	const remote = new OriginProducer();
	const session = await connect(`http://127.0.0.1:${endpoint.port}/`, { publish: published.consume(), subscribe: remote, dial: nodeDial });
	cleanup.push(() => session.close());
	return { session, published, remote };
}

async function rustRelay(bin: string, options: Parameters<typeof startRelay>[1]): Promise<RustRelay> {
	const relay = await startRelay(bin, options);
	cleanup.push(() => relay.stop());
	return relay;
}

/** The announced paths of `origin` as they change, from one consumer opened now. */
function routes(origin: OriginConsumer) {
	const live = new Map<string, boolean>();
	const changed: (() => void)[] = [];
	const announced = origin.announced();
	cleanup.push(() => announced.close());
	void (async () => {
		for await (const a of announced) {
			live.set(a.path, a.broadcast !== undefined);
			for (const wake of changed.splice(0)) wake();
		}
	})();
	return {
		/** Resolves once `path` is announced (true) or not (false). */
		async until(path: string, active: boolean): Promise<void> {
			while ((live.get(path) ?? false) !== active) await new Promise<void>((r) => changed.push(r));
		},
	};
}

/** One group with one frame, read back as text by `watch`. */
function tick(track: TrackProducer, text: string): void {
	const g = track.appendGroup();
	g.writeFrame(0, new TextEncoder().encode(text));
	g.finish();
}

/** Subscribes to `path`/`clock` in `origin` and returns the first frame's text. */
async function watch(origin: OriginConsumer, path: string): Promise<string> {
	const sub = await (await origin.announcedBroadcast(path)).track("clock").subscribe();
	try {
		const group = (await sub.recvGroup())!;
		return new TextDecoder().decode((await group.readFrame())!.payload);
	} finally {
		sub.close();
	}
}

function publish(origin: OriginProducer, path: string, text: string) {
	const broadcast = origin.createBroadcast(path);
	const track = broadcast.createTrack("clock", { timescale: 1000 });
	tick(track, text);
	return { broadcast, track };
}

for (const { pin, bin } of relays) {
	describe(`moq-relay ${pin.version} dials our relay (cluster.connect)`, () => {
		it("broadcasts cross both ways with their hop lists, and leave everywhere with their publisher", async () => {
			const endpoint = await ourRelay();
			const rust = await rustRelay(bin, { cluster: [`http://127.0.0.1:${endpoint.port}/`], id: RUST_ID });
			const onOurs = await ourRelayClient(endpoint);
			const onRust = await ours(rust, "webtransport");
			const atRust = routes(onRust.remote.consume());
			const atOurClient = routes(onOurs.remote.consume());
			const atOurRelay = routes(endpoint.origin.consume());

			const a = publish(onOurs.published, "from-ours", "ours");
			expect(await watch(onRust.remote.consume(), "from-ours")).toBe("ours");
			const seen = await onRust.remote.consume().announcedBroadcast("from-ours");
			// 05: each receiver appends the responder's ANNOUNCE_OK hop id: our publishing client's id, the id our
			// relay's session with moq-relay gave itself, then moq-relay's cluster id.
			expect(seen.hops.length).toBe(3);
			expect(seen.hops[0]).toBe(onOurs.session.origin);
			expect(seen.hops[2]).toBe(RUST_ID);

			const b = publish(onRust.published, "from-rust", "rust");
			expect(await watch(onOurs.remote.consume(), "from-rust")).toBe("rust");

			a.broadcast.finish();
			b.broadcast.finish();
			await atRust.until("from-ours", false);
			await atOurClient.until("from-rust", false);
			await atOurRelay.until("from-rust", false);
		});

		it("reconnects after our relay restarts on the same port", async () => {
			const first = await ourRelay();
			const port = first.port;
			const rust = await rustRelay(bin, { cluster: [`http://127.0.0.1:${port}/`], id: RUST_ID });
			const onRust = await ours(rust, "quic");
			const atRust = routes(onRust.remote.consume());
			publish(first.origin, "ours-clock", "before");
			expect(await watch(onRust.remote.consume(), "ours-clock")).toBe("before");
			await first.close();
			await atRust.until("ours-clock", false);

			const second = await ourRelay({ port });
			publish(second.origin, "ours-clock", "after");
			// moq-relay redials with backoff and re-learns the broadcast from the new process.
			expect(await watch(onRust.remote.consume(), "ours-clock")).toBe("after");
		}, 60_000);
	});

	describe(`our relay linked to moq-relay ${pin.version} (--upstream)`, () => {
		it("broadcasts cross both ways; a path only served on demand by our origin is unroutable at moq-relay", async () => {
			const rust = await rustRelay(bin, { id: RUST_ID });
			const endpoint = await ourRelay({ upstream: rust.url("http") });
			await endpoint.upstream!.connected;
			const onRust = await ours(rust, "websocket");
			const onOurs = await ourRelayClient(endpoint);

			publish(onOurs.published, "up", "ours");
			expect(await watch(onRust.remote.consume(), "up")).toBe("ours");
			publish(onRust.published, "down", "rust");
			expect(await watch(onOurs.remote.consume(), "down")).toBe("rust");

			// Our origin answers unannounced paths on demand (OriginDynamic); moq-relay resolves announced routes
			// only (moq-lite-versions §2.4 rule 4), so it never asks us: UNROUTABLE.
			const dynamic = endpoint.origin.dynamic();
			cleanup.push(() => dynamic.close());
			const requested = vi.fn();
			void dynamic.requestedBroadcast().then(requested, () => {});
			const unannounced = await onRust.remote.consume().requestBroadcast("on-demand");
			const err = await unannounced.track("clock").subscribe().catch((e: unknown) => e);
			expect(err).toBeInstanceOf(UnroutableError);
			expect((err as UnroutableError).code).toBe(0x36);
			expect(requested).not.toHaveBeenCalled();
		});

		it("reconnects after moq-relay restarts on the same port", async () => {
			const rust = await rustRelay(bin, { id: RUST_ID });
			const endpoint = await ourRelay({ upstream: rust.url("http") });
			await endpoint.upstream!.connected;
			publish(endpoint.origin, "ours-clock", "kept");
			await rust.stop();

			const again = await rustRelay(bin, { id: RUST_ID, port: rust.port });
			const onRust = await ours(again, "webtransport");
			// Our link redials (backoff from 0.5 s) and publishes our origin to the new process.
			expect(await watch(onRust.remote.consume(), "ours-clock")).toBe("kept");
		}, 60_000);
	});

	describe(`both links at once between our relay and moq-relay ${pin.version}`, () => {
		it("a broadcast still leaves everywhere when its publisher does (hop lists stop the loop)", async () => {
			const rust = await rustRelay(bin, { id: RUST_ID });
			const endpoint = await ourRelay({ upstream: rust.url("http") });
			await endpoint.upstream!.connected;
			// moq-relay also dials us: two links between the same pair of relays.
			const looped = await rustRelay(bin, { id: RUST_ID + 1, cluster: [`http://127.0.0.1:${endpoint.port}/`, rust.url("http")] });
			const onLooped = await ours(looped, "quic");
			const onOurs = await ourRelayClient(endpoint);
			const atLooped = routes(onLooped.remote.consume());
			const atOurRelay = routes(endpoint.origin.consume());
			const { broadcast } = publish(onOurs.published, "loop", "once");
			expect(await watch(onLooped.remote.consume(), "loop")).toBe("once");
			broadcast.finish();
			await atLooped.until("loop", false);
			await atOurRelay.until("loop", false);
		}, 60_000);
	});
}

