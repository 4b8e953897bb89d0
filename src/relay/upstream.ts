// A relay's link to an upstream relay: one client session that publishes our origin upstream and takes the
// upstream's broadcasts into it — announced ones as they come, unannounced ones pulled on demand (the link is the
// origin's OriginDynamic handler). Reconnects with backoff while the link is wanted.
import { type Dialer, connect } from "../lite/connect.js";
import type { Session } from "../lite/session.js";
import type { OriginProducer } from "../model/index.js";

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export interface UpstreamLink {
	/** The live session, while connected. */
	readonly session: Session | undefined;
	/** Resolves once the first session is up (for tests and startup logs). */
	readonly connected: Promise<Session>;
	close(): void;
}

export function linkUpstream(
	url: string,
	origin: OriginProducer,
	options: { dial: Dialer; hopId: number; onError?: (err: unknown) => void },
): UpstreamLink {
	const stop = new AbortController();
	let current: Session | undefined;
	let firstUp!: (s: Session) => void;
	const connected = new Promise<Session>((r) => (firstUp = r));

	void (async () => {
		let backoff = BACKOFF_MIN_MS;
		while (!stop.signal.aborted) {
			try {
				current = await connect(url, { publish: origin.consume(), subscribe: origin, dial: options.dial, hopId: options.hopId, signal: stop.signal });
				if (stop.signal.aborted) current.close();
				firstUp(current);
				backoff = BACKOFF_MIN_MS;
				await current.closed;
				current = undefined;
			} catch (err) {
				if (stop.signal.aborted) return;
				options.onError?.(err);
			}
			if (stop.signal.aborted) return;
			await new Promise<void>((r) => {
				const t = setTimeout(r, backoff);
				stop.signal.addEventListener("abort", () => (clearTimeout(t), r()), { once: true });
			});
			backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
		}
	})();

	return {
		get session() {
			return current;
		},
		connected,
		close() {
			stop.abort();
			current?.close();
		},
	};
}
