// GET /fetch/<broadcast path>/<track>?group=<n|latest>: one group over plain HTTP, as the reference relay offers
// (spec §6.5). A broadcast nobody announces (and no upstream can serve) is 404 at once; otherwise the group comes
// from the cache or a FETCH upstream. The body is the group's frame payloads back to back, streamed as they are
// produced. 400 bad input, 404 missing, 503 past the httpFetches limit, 504 when nothing arrives in time.
import type { ServerResponse } from "node:http";
import { BoundsExceededError, ErrorCode, MoqError, NotFoundError } from "../error.js";
import type { Frame, GroupConsumer, OriginConsumer } from "../model/index.js";
import { normalizePath } from "../path.js";
import { timerDelay } from "../lite/session-limits.js";
import { DEFAULT_LIMITS, formatLimit, LIMITS } from "../relay/limits.js";
import { parseSequence } from "../relay/sequence.js";
import { decode, HttpError, text } from "./http-answer.js";

/** `/fetch/a/b/track` → broadcast "a/b", track "track"; undefined when there is no broadcast segment; HttpError 400
 * for a malformed or over-long path. */
export function fetchTarget(pathname: string): { broadcast: string; track: string } | undefined {
	const m = /^\/fetch\/(.+)\/([^/]+)\/?$/.exec(pathname);
	if (!m) return undefined;
	let broadcast: string;
	try {
		broadcast = normalizePath(decode(m[1]!));
	} catch (err) {
		if (err instanceof HttpError) throw err;
		throw new HttpError(400, (err as Error).message);
	}
	if (!broadcast) return undefined;
	return { broadcast, track: decode(m[2]!) };
}

/** The group a `group=` value names: "latest" or a sequence. */
function parseGroup(which: string): number | "latest" {
	if (which === "latest") return which;
	try {
		return parseSequence(which);
	} catch (err) {
		throw new HttpError(400, `${(err as Error).message}, or "latest"`);
	}
}

async function group(origin: OriginConsumer, broadcast: string, track: string, which: number | "latest", signal: AbortSignal): Promise<GroupConsumer> {
	// Announced → at once; else pulled through the upstream link if there is one; else Unroutable now.
	const consumer = (await origin.requestBroadcast(broadcast, { signal })).track(track);
	if (which !== "latest") return consumer.fetchGroup(which, { signal });
	// The newest group: the cached one, or the live edge a fresh subscription starts at.
	const subscriber = await consumer.subscribe({}, { signal });
	try {
		const newest = subscriber.latestGroup() ?? (await subscriber.recvGroup({ signal }));
		if (!newest) throw new NotFoundError(`track ${track} has no groups`);
		return newest;
	} finally {
		subscriber.close();
	}
}

/**
 * Requests waiting for their group's first frame, per HTTP server (one relay's listener, so two relays in one
 * process count apart): the httpFetches limit.
 */
const waiting = new WeakMap<object, number>();

/** `waitMs`: the httpFetchTimeout limit (0: no deadline); `maxWaiting`: the httpFetches limit (0: none). */
export async function serveFetch(
	origin: OriginConsumer,
	url: URL,
	res: ServerResponse,
	target: { broadcast: string; track: string },
	waitMs = DEFAULT_LIMITS.httpFetchTimeout,
	maxWaiting = DEFAULT_LIMITS.httpFetches,
): Promise<void> {
	const which = parseGroup(url.searchParams.get("group") ?? "latest");
	const server: object = (res.req.socket as { server?: object }).server ?? res.req.socket;
	const count = waiting.get(server) ?? 0;
	if (maxWaiting > 0 && count >= maxWaiting) {
		const spec = LIMITS.find((l) => l.name === "httpFetches")!;
		return text(res, 503, `limit httpFetches (${formatLimit(spec, maxWaiting)}, ${spec.flag}) reached: try again later`, { "Retry-After": "1" });
	}
	waiting.set(server, count + 1);
	// The deadline, or the client leaving: either way the wait (and its slot) ends.
	const left = new AbortController();
	const onClose = (): void => left.abort();
	res.once("close", onClose);
	const delay = timerDelay(waitMs);
	const signal = delay !== undefined ? AbortSignal.any([AbortSignal.timeout(delay), left.signal]) : left.signal;
	let g: GroupConsumer;
	let frame: Frame | undefined;
	try {
		g = await group(origin, target.broadcast, target.track, which, signal);
		// A remote group is handed out as soon as FETCH is sent; its first frame tells whether it exists.
		frame = await g.readFrame({ signal }).catch((err: unknown) => {
			g.close();
			throw err;
		});
	} catch (err) {
		const code = err instanceof MoqError ? err.code : undefined;
		// Local lookups and a peer's reset (decoded into the same typed errors) carry the same codes.
		const missing = code === ErrorCode.NotFound || code === ErrorCode.Unroutable;
		const status = missing ? 404 : err instanceof BoundsExceededError ? 400 : signal.aborted ? 504 : 502;
		const what = missing ? `${target.broadcast}/${target.track} group ${which}: ` : "";
		return text(res, status, `${what}${(err as Error).message}${code !== undefined ? ` (code ${code})` : ""}`);
	} finally {
		res.off("close", onClose);
		waiting.set(server, waiting.get(server)! - 1);
	}
	res.writeHead(200, { "Content-Type": "application/octet-stream", "X-Moq-Group": String(g.sequence) });
	// A client that leaves stops the read (and, for a fetched open group, the upstream FETCH).
	res.once("close", () => g.close());
	try {
		for (; frame && !res.destroyed; frame = await g.readFrame()) {
			// Wait for the socket to drain, or for the client to leave.
			if (!res.write(frame.payload)) await drainedOrClosed(res);
		}
		res.end();
	} catch {
		// The group was aborted mid-way: cut the response so the client sees a truncated body, not a complete one.
		res.destroy();
	}
}

/** Resolves at the socket's next drain or close; removes both listeners, so repeated waits leave none behind. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const done = (): void => {
			res.off("drain", done);
			res.off("close", done);
			resolve();
		};
		res.once("drain", done);
		res.once("close", done);
	});
}
