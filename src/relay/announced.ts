// The broadcasts announced under a prefix right now, as a list (for GET /announced).
import type { OriginConsumer } from "../model/index.js";

/** Paths relative to `origin`'s root. The consumer replays the current set synchronously on each next() call until
 * it is drained; the first call that would wait is cut off at once, which marks the end of that set. */
export async function announcedNow(origin: OriginConsumer): Promise<string[]> {
	const consumer = origin.announced();
	const paths: string[] = [];
	try {
		for (;;) {
			const cut = new AbortController();
			const next = consumer.next({ signal: cut.signal });
			cut.abort();
			const a = await next.catch(() => undefined);
			if (!a) return paths.sort();
			if (a.broadcast) paths.push(a.path);
		}
	} finally {
		consumer.close();
	}
}
