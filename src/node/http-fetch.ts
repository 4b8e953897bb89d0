// GET /fetch/<broadcast path>/<track>?group=<n|latest>: one group over plain HTTP, as the reference relay offers
// (spec §6.5). Waits up to 30 s for the broadcast, then answers from the cache or FETCHes upstream; the body is
// the group's frame payloads back to back, streamed as they are produced. 404 on NotFound, 504 on timeout.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode, MoqError, NotFoundError } from "../error.js";
import type { Frame, GroupConsumer, OriginConsumer } from "../model/index.js";

const WAIT_MS = 30_000;

/** Parses `/fetch/a/b/track` → broadcast "a/b", track "track"; undefined when the path is not a fetch. */
export function fetchTarget(pathname: string): { broadcast: string; track: string } | undefined {
	const m = /^\/fetch\/(.+)\/([^/]+)\/?$/.exec(pathname);
	if (!m) return undefined;
	return { broadcast: decodeURIComponent(m[1]!), track: decodeURIComponent(m[2]!) };
}

async function group(origin: OriginConsumer, broadcast: string, track: string, which: string, signal: AbortSignal): Promise<GroupConsumer> {
	const consumer = (await origin.announcedBroadcast(broadcast, { signal })).track(track);
	if (which !== "latest") {
		if (!/^\d+$/.test(which)) throw new RangeError(`group must be a number or "latest", got ${JSON.stringify(which)}`);
		return consumer.fetchGroup(Number(which), { signal });
	}
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

export async function serveFetch(origin: OriginConsumer, req: IncomingMessage, res: ServerResponse, target: { broadcast: string; track: string }): Promise<void> {
	const which = new URL(req.url ?? "/", "http://localhost").searchParams.get("group") ?? "latest";
	const signal = AbortSignal.timeout(WAIT_MS);
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
		const status = err instanceof RangeError ? 400 : missing ? 404 : signal.aborted ? 504 : 502;
		res.writeHead(status, { "Content-Type": "text/plain" }).end(`${code !== undefined ? `error ${code}: ` : ""}${(err as Error).message}\n`);
		return;
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
