// The relay's Prometheus metrics (prom-client, text format 0.0.4), named as moq-relay's where it has the same
// (relay-ops.md §4). One registry per relay, so two relays in a process count apart.
import { Counter, Gauge, Registry } from "prom-client";
import type { OriginConsumer, Pool } from "../model/index.js";
import { announcedNow } from "./announced.js";

export class Metrics {
	readonly registry = new Registry();
	readonly sessionsOpened: Counter<"transport" | "version">;
	readonly sessionsClosed: Counter<"transport" | "version">;
	readonly sessionsRefused: Counter<"reason">;
	readonly fetches: Counter<"status">;

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
}
