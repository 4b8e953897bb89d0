// Announce routes (spec §4.2): the hop chain a remote broadcast arrived with, so announcing it onward carries
// the chain (loop detection downstream) and never goes back to a peer already on it (split horizon).
// Keyed by the model's shared broadcast state, which every producer/consumer handle of one broadcast names.
import type { U62 } from "../codec/index.js";
import { broadcastState } from "../model/broadcast.js";
import type { BroadcastConsumer, BroadcastProducer } from "../model/index.js";

const routes = new WeakMap<object, readonly U62[]>();

export function setRoute(b: BroadcastProducer, hops: readonly U62[]): void {
	routes.set(broadcastState(b), hops);
}

/** Origin ids oldest first; empty for a broadcast published locally. */
export function routeOf(b: BroadcastConsumer): readonly U62[] {
	return routes.get(broadcastState(b)) ?? [];
}
