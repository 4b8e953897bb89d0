// ANNOUNCE_REQUEST → (ANNOUNCE_OK) + announces (spec §3.3, §4.2; 06: moq-lite-versions §2.3). Publisher: the
// published origin's announcements under the prefix, current set first (a synchronous snapshot), then live.
// Subscriber: the peer's announcements become broadcasts in the `subscribe` origin; a malformed or duplicate
// announce is session-fatal (spec §4.7).
import { BidiStreamType, encodeAnnounceInit, encodeAnnounceOk, encodeAnnounceRequest, type U62 } from "../codec/index.js";
import { CancelError, DuplicateError, ErrorCode, type MoqError } from "../error.js";
import type { Announcement, OriginProducer } from "../model/index.js";
import { joinPath, normalizePath, stripPrefix } from "../path.js";
import { AnnounceDecoder, AnnounceEncoder } from "./announce-wire.js";
import { streamError } from "./error.js";
import { RemoteBroadcast } from "./remote.js";
import type { Session } from "./session.js";
import type { Reader, Writer } from "./stream.js";
import { readLegacy } from "./legacy.js";
import { hasAnnounceId, hasAnnounceInit, hasAnnounceOk, hasAnnounceRestart } from "./version.js";

const MAX_HOPS = 32;

export async function serveAnnounce(s: Session, r: Reader, w: Writer): Promise<void> {
	const v = s.version;
	const req = await r.message("announceRequest", v);
	// 06 has no exclude_hop: the peer's SETUP Hop is what its routes must avoid.
	const exclude = hasAnnounceId(v) ? ((await s.until(s.peerSetup)).origin ?? 0) : req.excludeHop;
	const consumer = s.publish.announced(req.prefix);
	const prefix = normalizePath(req.prefix);
	// What the peer already saw from us, so withdrawals are only sent for advertised paths.
	const wire = new AnnounceEncoder(v, s.engine);
	/** The message for a change, or undefined when this peer must not hear of it. */
	const encode = (a: Announcement): Uint8Array | undefined => {
		const suffix = stripPrefix(a.path, prefix) ?? a.path;
		const hops = a.broadcast && (!s.mayServe || s.mayServe(a.path)) && advertisable(s, exclude, a.broadcast.hops);
		return hops ? wire.active(suffix, hops) : wire.ended(suffix);
	};
	// The subscriber FINing or resetting its side ends this stream (spec §4.7).
	const left = r.end().then(
		() => true,
		() => false,
	);
	void left.then(() => consumer.close());
	const offClose = s.onClose(() => consumer.close());
	try {
		// The current set, taken synchronously: all actives (a path announced and withdrawn before this stream saw
		// it is never sent), so its count is ANNOUNCE_OK's.
		const current = consumer.ready().flatMap((a) => {
			const m = encode(a);
			return m ? [{ a, m }] : [];
		});
		if (hasAnnounceInit(v)) {
			// 01/02: the current set is one ANNOUNCE_INIT of suffixes (moq-lite-versions §3.4).
			const suffixes = current.map(({ a }) => stripPrefix(a.path, prefix) ?? a.path);
			await w.write(encodeAnnounceInit({ suffixes }, v, s.engine));
		} else {
			if (hasAnnounceOk(v)) await w.write(encodeAnnounceOk({ origin: s.origin, activeCount: current.length }, v, s.engine));
			for (const { m } of current) await w.write(m);
		}
		for (;;) {
			const a = await consumer.next();
			if (!a) break;
			const m = encode(a);
			if (m) await w.write(m);
		}
		if (await left) w.close();
		else w.reset(ErrorCode.Cancel);
	} finally {
		offClose();
		consumer.close();
	}
}

/**
 * The hops to advertise a broadcast with, or undefined when its route already passes through the peer (the
 * request's exclude_hop on 04/05, the peer's SETUP Hop on 06) or would grow too long. 03/04 append our own id;
 * on 05+ the receiver does.
 */
function advertisable(s: Session, exclude: U62, route: readonly U62[]): U62[] | undefined {
	if (exclude !== 0 && exclude !== 0n && route.includes(exclude)) return undefined;
	const hops = hasAnnounceOk(s.version) ? [...route] : [...route, s.origin];
	return hops.length > MAX_HOPS ? undefined : hops;
}

/** Opens the announce stream and mirrors the peer's announcements into `origin` until the stream ends. */
export async function runAnnounced(s: Session, origin: OriginProducer, prefix: string): Promise<void> {
	const v = s.version;
	const live = new Map<string, RemoteBroadcast>();
	// Paths the peer announces while another source holds them locally: taken over when that source ends.
	const standby = new Map<string, AbortController>();
	const drop = (path: string) => {
		standby.get(path)?.abort();
		standby.delete(path);
	};
	const takeOverLater = (path: string, hops: U62[]) => {
		drop(path);
		const stop = new AbortController();
		standby.set(path, stop);
		void (async () => {
			const signal = AbortSignal.any([stop.signal, s.signal]);
			const gone = new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
			gone.catch(() => {});
			for (;;) {
				const holder = await Promise.race([origin.consume().announcedBroadcast(path, { signal }), gone]);
				await Promise.race([holder.closed, gone]);
				try {
					live.set(path, RemoteBroadcast.announced(s, origin, path, hops));
					standby.delete(path);
					return;
				} catch {
					// Another source got there first: keep standing by.
				}
			}
		})().catch(() => {});
	};
	let failure: MoqError = new CancelError("announce stream ended");
	const unwatch = s.guard?.watchAnnounced(() => live.size + standby.size);
	try {
		const { reader, writer } = await s.openBidi(BidiStreamType.Announce);
		s.onClose(() => reader.stop(ErrorCode.Cancel));
		// 04/05: ask the peer not to echo what already passed through us (06: our SETUP Hop says it).
		await writer.write(encodeAnnounceRequest({ prefix, excludeHop: s.origin }, v, s.engine));
		// The responder's hop closes the chain; 0 (unknown, accepted as JS does) is skipped.
		const ok = hasAnnounceOk(v) ? (await reader.message("announceOk", v)).origin : 0;
		const responder: U62[] = ok === 0 || ok === 0n ? [] : [ok];
		// 01/02: the current set arrives first, as one ANNOUNCE_INIT of suffixes (no hops on those versions).
		const initial = hasAnnounceInit(v) ? ((await readLegacy(reader, "announceInit", v))?.suffixes ?? []) : [];
		const changes = new AnnounceDecoder(v);
		for (;;) {
			const first = initial.shift();
			const msg = first !== undefined ? { suffix: first, active: true, hops: [] } : await changes.next(reader);
			if (!msg) break;
			const path = joinPath(prefix, msg.suffix);
			const existing = live.get(path);
			if (!msg.active) {
				drop(path);
				live.delete(path);
				existing?.finish();
				continue;
			}
			const hops = [...msg.hops, ...responder];
			// A reflection of our own broadcast, or a route too long to extend: not a source for us.
			if (hops.includes(s.origin) || hops.length > MAX_HOPS) {
				drop(path);
				live.delete(path);
				existing?.finish();
				continue;
			}
			if (existing) {
				// 06: an UPDATE is a new chain for the same broadcast, invisible to consumers.
				if (msg.update) {
					existing.route = hops;
					continue;
				}
				// 03/04 have no restart: a second active is a protocol error that ends the session.
				if (!hasAnnounceRestart(v)) throw new DuplicateError(`duplicate announce of ${path}`);
				// 05 restart: the same identified publisher is a route change, invisible to consumers.
				const publisher = hops[0] ?? 0;
				if (publisher !== 0 && publisher === existing.publisher) {
					existing.route = hops;
					continue;
				}
				existing.finish();
			} else {
				s.guard?.admitAnnounce(path);
			}
			drop(path);
			try {
				live.set(path, RemoteBroadcast.announced(s, origin, path, hops));
			} catch {
				// Another source (another session, or a local publisher) holds the path: stand by.
				live.delete(path);
				takeOverLater(path, hops);
			}
		}
		// A clean FIN ends this stream only: its broadcasts end with it.
		for (const b of live.values()) b.finish();
		live.clear();
	} catch (err) {
		failure = streamError(err);
		// Malformed or duplicate announces are session-fatal; a lost stream only loses its broadcasts.
		if (!failure.remote && !s.isClosed) s.close(failure.sessionCode, failure.message);
	} finally {
		unwatch?.();
		for (const path of [...standby.keys()]) drop(path);
		for (const b of live.values()) b.abort(failure);
	}
}
