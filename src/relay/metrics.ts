// The relay's Prometheus metrics (prom-client, text format 0.0.4), named as moq-relay's where it has the same
// (relay-ops.md §4). One registry per relay, so two relays in a process count apart.
import { Counter, Gauge, Registry } from "prom-client";
import type { OriginConsumer, Pool } from "../model/index.js";
import type { Transport } from "../transport/types.js";
import { announcedNow } from "./announced.js";
import { countTraffic, type Role, type TrafficSink } from "./traffic.js";

/** Reset codes above this are counted as "other": a peer choosing codes must not choose how many series we keep. */
const MAX_CODE_LABEL = 63;
/** moq-relay's tier label; this relay has only the default tier. */
const TIER = "";

export class Metrics {
	readonly registry = new Registry();
	readonly sessionsOpened: Counter<"transport" | "version">;
	readonly sessionsClosed: Counter<"transport" | "version">;
	readonly sessionsRefused: Counter<"reason">;
	readonly fetches: Counter<"status">;
	readonly bytes: Counter<"tier" | "role">;
	readonly groups: Counter<"tier" | "role">;
	readonly resets: Counter<"direction" | "code">;
	/** Where counted transports report (see `counted`). */
	readonly traffic: TrafficSink;

	constructor(origin: OriginConsumer, pool: Pool | undefined) {
		const registers = [this.registry];
		this.sessionsOpened = new Counter({ name: "moq_relay_sessions_opened_total", help: "Sessions opened", labelNames: ["transport", "version"], registers });
		this.sessionsClosed = new Counter({ name: "moq_relay_sessions_closed_total", help: "Sessions closed", labelNames: ["transport", "version"], registers });
		this.sessionsRefused = new Counter({
			name: "moq_relay_sessions_refused_total",
			help: "Sessions refused: unauthorized (token or grant), full (the sessions limit)",
			labelNames: ["reason"],
			registers,
		});
		this.fetches = new Counter({ name: "moq_relay_fetches_total", help: "HTTP /fetch requests by status", labelNames: ["status"], registers });
		this.bytes = new Counter({
			name: "moq_relay_bytes_total",
			help: "Bytes on moq streams (headers and control included, datagrams not): role publisher = sent by the relay, subscriber = received",
			labelNames: ["tier", "role"],
			registers,
		});
		this.groups = new Counter({
			name: "moq_relay_groups_total",
			help: "GROUP streams: role publisher = sent by the relay, subscriber = received",
			labelNames: ["tier", "role"],
			registers,
		});
		this.resets = new Counter({
			name: "moq_relay_stream_resets_total",
			help: `Streams reset (RESET_STREAM), sent by the relay or received, by wire code (above ${MAX_CODE_LABEL}: "other")`,
			labelNames: ["direction", "code"],
			registers,
		});
		const { bytes, groups, resets } = this;
		// Children bound once: the per-chunk path does no label lookup.
		const byRole = (c: Counter<"tier" | "role">) => ({ publisher: c.labels(TIER, "publisher"), subscriber: c.labels(TIER, "subscriber") });
		const bytesBy = byRole(bytes);
		const groupsBy = byRole(groups);
		this.traffic = {
			bytes: (role: Role, n: number) => bytesBy[role].inc(n),
			group: (role: Role) => groupsBy[role].inc(),
			reset: (direction, code) => resets.inc({ direction, code: code <= MAX_CODE_LABEL ? String(code) : "other" }),
		};
		const opened = this.sessionsOpened;
		const closed = this.sessionsClosed;
		new Gauge({
			name: "moq_relay_sessions",
			help: "Sessions open now",
			labelNames: ["transport", "version"],
			registers,
			async collect() {
				this.reset();
				const [o, c] = await Promise.all([opened.get(), closed.get()]);
				for (const v of o.values) {
					const gone = c.values.find((x) => x.labels.transport === v.labels.transport && x.labels.version === v.labels.version)?.value ?? 0;
					this.set(v.labels as Record<"transport" | "version", string>, v.value - gone);
				}
			},
		});
		new Gauge({
			name: "moq_relay_broadcasts",
			help: "Broadcasts announced on the relay now",
			registers,
			async collect() {
				this.set((await announcedNow(origin)).length);
			},
		});
		if (pool) {
			new Gauge({ name: "moq_relay_cache_capacity_bytes", help: "Relay-wide cache budget", registers }).set(pool.capacity);
			new Gauge({
				name: "moq_relay_cache_bytes",
				help: "Bytes charged to the cache budget now (payload + per-group overhead)",
				registers,
				collect() {
					this.set(pool.used);
				},
			});
		}
	}

	/** Counts `transport`'s bytes, groups and resets here from now on (the relay calls it on every adopted transport). */
	counted<T extends Transport>(transport: T): T {
		return countTraffic(transport, this.traffic);
	}
}
