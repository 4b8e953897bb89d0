// TrackInfo (the publisher's immutable properties, separate from the name), subscription preferences and
// timestamps, with validation at the API edge so the WASM core only ever sees sane numbers. Out-of-range
// arguments are BoundsExceeded (11), like out-of-range values on the wire.
import { NO_LIMIT_MS } from "../codec/duration.js";
import { BoundsExceededError, TimestampMismatchError } from "../error.js";

/** A track's immutable publisher properties, committed once by whoever serves the track (spec §5.2). */
export interface TrackInfo {
	/** Tie-break priority between subscriptions (0-255). */
	readonly priority: number;
	/** Whether groups are delivered in sequence order. */
	readonly ordered: boolean;
	/** Publisher max latency (ms): a non-newest group idle this long leaves the cache; 2^53-1 and above: no limit. */
	readonly latencyMax: number;
	/** Units per second of frame timestamps. */
	readonly timescale: number;
}

/** The newest upstream's defaults (moq-lite-versions §2.6): no retention limit ("2^53-1"), timescale 1000 (ms). */
export const DEFAULT_TRACK_INFO: TrackInfo = Object.freeze({ priority: 0, ordered: false, latencyMax: NO_LIMIT_MS, timescale: 1000 });

/** Fills defaults, validates, freezes. */
export function trackInfo(info?: Partial<TrackInfo>): TrackInfo {
	const full = { ...DEFAULT_TRACK_INFO, ...info };
	priority(full.priority);
	latency(full.latencyMax);
	if (!Number.isSafeInteger(full.timescale) || full.timescale <= 0) {
		throw new BoundsExceededError(`timescale must be a positive integer, got ${full.timescale}`);
	}
	return Object.freeze(full);
}

/** A subscriber's wire preference (what feeds the aggregate a publisher sees). */
export interface SubscribeOptions {
	priority?: number;
	ordered?: boolean;
	/** Max latency (ms) the subscriber tolerates; the aggregate is clamped to the track's latencyMax. */
	latencyMax?: number;
	/** First group wanted; omitted = start at the live edge. */
	startGroup?: number;
	/** Last group wanted (inclusive); omitted = unbounded. */
	endGroup?: number;
}

/** The aggregate of every live subscription of a track (spec §5.4). */
export interface Subscription {
	readonly priority: number;
	readonly ordered: boolean;
	readonly latencyMax: number;
	readonly startGroup: number | undefined;
	readonly endGroup: number | undefined;
}

export function priority(p: number): number {
	if (!Number.isInteger(p) || p < 0 || p > 255) throw new BoundsExceededError(`priority must be an integer 0-255, got ${p}`);
	return p;
}

export function latency(ms: number): number {
	if (!(ms >= 0)) throw new BoundsExceededError(`latencyMax must be >= 0 ms, got ${ms}`);
	return ms;
}

/** Sequences cross to WASM as f64, exact only up to 2^53 - 1. */
export function sequence(seq: number): number {
	if (!Number.isInteger(seq) || seq < 0) throw new BoundsExceededError(`group sequence must be a non-negative integer, got ${seq}`);
	if (seq > Number.MAX_SAFE_INTEGER) throw new BoundsExceededError(`group sequence ${seq} is above 2^53 - 1`);
	return seq;
}

/** A timestamp already in the track's timescale, or a value with its own timescale to convert. */
export type Timestamp = number | { readonly value: number; readonly timescale: number };

/** Converts to `timescale` units, rounding down; negative, fractional or overflowing results are refused. */
export function scaleTimestamp(ts: Timestamp, timescale: number): number {
	const value = typeof ts === "number" ? ts : (ts.value * timescale) / ts.timescale;
	const units = typeof ts === "number" ? value : Math.floor(value);
	if (!Number.isSafeInteger(units) || units < 0) {
		throw new TimestampMismatchError(`timestamp ${JSON.stringify(ts)} is not representable at timescale ${timescale}`);
	}
	return units;
}
