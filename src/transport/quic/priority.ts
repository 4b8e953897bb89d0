// W3C send order on quiche's scheduler. WebTransport sends streams with a higher `sendOrder` first (any number;
// unset counts as 0); quiche sends by urgency, 0 first through 7, round-robin within one level. Ranking the orders
// of a session's open send streams maps one onto the other: the highest order gets FIRST, each lower distinct order
// the next level, and every order past the last level shares it. Level 0 stays free for HTTP/3's own streams.
import type { QUICStream } from "@matrixai/quic";
import type { Link } from "./link.js";

const FIRST = 1;
const LAST = 7;

/** A stream's place in the ranking: update its order, or leave when it is done sending. */
export interface SendOrderSlot {
	set(order: number | null): void;
	done(): void;
}

export class SendOrders {
	readonly #link: Link;
	readonly #orders = new Map<QUICStream, number>();
	/** The urgency each stream was last given, to skip native calls that change nothing. */
	readonly #given = new Map<QUICStream, number>();

	constructor(link: Link) {
		this.#link = link;
	}

	slot(stream: QUICStream): SendOrderSlot {
		return {
			set: (order) => {
				this.#orders.set(stream, order ?? 0);
				this.#apply();
			},
			done: () => {
				this.#given.delete(stream);
				if (this.#orders.delete(stream)) this.#apply();
			},
		};
	}

	#apply(): void {
		const rank = new Map([...new Set(this.#orders.values())].sort((a, b) => b - a).map((order, i) => [order, i]));
		for (const [stream, order] of this.#orders) {
			const urgency = Math.min(FIRST + (rank.get(order) ?? 0), LAST);
			if (this.#given.get(stream) === urgency) continue;
			this.#given.set(stream, urgency);
			this.#link.setUrgency(stream, urgency);
		}
	}
}
