// Where the reference (`@moq/net` 0.3.4) cannot represent a wire value faithfully, differential tests map the
// random message into the reference's domain here, and each such narrowing is pinned by a named test in
// reference-quirks.test.ts (spec Appendix B). Nothing else is narrowed: a mismatch outside these rules is a bug.
import { type Frame, type Setup, type U62, Version } from "../../src/codec/types.js";
import type { Kind, KindMap } from "./reference-codec.js";

const MAX_U53 = Number.MAX_SAFE_INTEGER;

/**
 * The reference reads these with `Reader.u53`, which throws above 2^53-1 (Appendix B.5): fold into range.
 * Deterministic, so shrinking still works.
 */
export function u53(v: U62): number {
	if (typeof v === "number") return v;
	return Number(v % BigInt(MAX_U53 + 1));
}

/** `opt` groups: the reference adds 1 with a Number, and then reads the wire value back with `u53`. */
function optGroup(v: U62 | undefined): number | undefined {
	if (v === undefined) return undefined;
	const n = u53(v);
	return n === MAX_U53 ? n - 1 : n;
}

/**
 * The reference decodes strings with `TextDecoder("utf-8", { fatal: true })`, whose default `ignoreBOM: false`
 * strips one leading U+FEFF (pinned in reference-quirks). Replace a leading BOM so the text survives.
 */
function text(s: string): string {
	return s.charCodeAt(0) === 0xfeff ? `x${s}` : s;
}

function groups<T extends { startGroup?: U62; endGroup?: U62 }>(m: T): T {
	const o = { ...m };
	if (m.startGroup === undefined) delete o.startGroup;
	else o.startGroup = optGroup(m.startGroup)!;
	if (m.endGroup === undefined) delete o.endGroup;
	else o.endGroup = optGroup(m.endGroup)!;
	return o;
}

/** Narrows one of our messages to what the reference can carry unchanged through encode and decode. */
export function toRefDomain<K extends Kind>(kind: K, m: KindMap[K], version: Version): KindMap[K] {
	switch (kind as Kind) {
		case "setup": {
			const s = m as Setup;
			// The reference never writes a default (probe None, role Both, origin 0), has no `cost` and no unknown
			// ids, and passes origin through Number() (precision loss above 2^53, Appendix B.5).
			const o: Setup = {};
			if (s.probe !== undefined && s.probe !== 0) o.probe = s.probe;
			if (s.path !== undefined) o.path = text(s.path);
			if (s.role !== undefined && s.role !== 0) o.role = s.role;
			if (s.origin !== undefined && u53(s.origin) !== 0) o.origin = u53(s.origin);
			return o as KindMap[K];
		}
		case "announceRequest": {
			const a = m as KindMap["announceRequest"];
			return { prefix: text(a.prefix), excludeHop: a.excludeHop } as KindMap[K];
		}
		case "announceOk": {
			const a = m as KindMap["announceOk"];
			return { origin: a.origin, activeCount: u53(a.activeCount) } as KindMap[K];
		}
		case "announce": {
			const a = m as KindMap["announce"];
			// The reference writes an ended announce with no hops, whatever it is given (pinned in codec-diff).
			return { ...a, suffix: text(a.suffix), hops: a.status === 0 ? [] : a.hops } as KindMap[K];
		}
		case "subscribe": {
			const s = m as KindMap["subscribe"];
			return groups({ ...s, broadcast: text(s.broadcast), track: text(s.track), maxLatency: u53(s.maxLatency) }) as KindMap[K];
		}
		case "subscribeUpdate": {
			const s = m as KindMap["subscribeUpdate"];
			return groups({ ...s, maxLatency: u53(s.maxLatency) }) as KindMap[K];
		}
		case "subscribeResponse": {
			const r = m as KindMap["subscribeResponse"];
			switch (r.type) {
				case "ok":
					return groups({ ...r, maxLatency: u53(r.maxLatency) }) as KindMap[K];
				case "start":
				case "end":
					return { type: r.type, group: u53(r.group) } as KindMap[K];
				case "drop":
					return { type: "drop", start: u53(r.start), end: u53(r.end), error: u53(r.error) } as KindMap[K];
			}
			break;
		}
		case "track": {
			const t = m as KindMap["track"];
			return { broadcast: text(t.broadcast), track: text(t.track) } as KindMap[K];
		}
		case "trackInfo": {
			const t = m as KindMap["trackInfo"];
			return { ...t, latencyMax: u53(t.latencyMax), timescale: u53(t.timescale) || 1 } as KindMap[K];
		}
		case "fetch": {
			const f = m as KindMap["fetch"];
			return { broadcast: text(f.broadcast), track: text(f.track), priority: f.priority, group: u53(f.group) } as KindMap[K];
		}
		case "group": {
			const g = m as KindMap["group"];
			return { subscribeId: g.subscribeId, sequence: u53(g.sequence) } as KindMap[K];
		}
		case "probe": {
			const p = m as KindMap["probe"];
			return (version === Version.Lite03 ? { bitrate: u53(p.bitrate) } : { bitrate: u53(p.bitrate), rtt: u53(p.rtt ?? 0) }) as KindMap[K];
		}
		case "goaway": {
			const g = m as KindMap["goaway"];
			return { uri: text(g.uri) } as KindMap[K];
		}
	}
	return m;
}

/**
 * What a faithful decoder returns for `m` on `version` when fields are not on that version's wire: lite-03 carries
 * only a hop count (ids decode as 0) and no exclude_hop (decodes as 0).
 */
export function expectedDecoded<K extends Kind>(kind: K, m: KindMap[K], version: Version): KindMap[K] {
	if (version !== Version.Lite03) return m;
	if (kind === "announce") {
		const a = m as KindMap["announce"];
		return { ...a, hops: a.hops.map(() => 0) } as KindMap[K];
	}
	if (kind === "announceRequest") return { ...(m as KindMap["announceRequest"]), excludeHop: 0 } as KindMap[K];
	return m;
}

/** Frames narrowed to the reference domain: timestamps it can carry as Numbers (always true for ours). */
export function framesToRefDomain(frames: readonly Frame[]): Frame[] {
	return frames.map((f) => (f.timestamp === undefined ? { payload: f.payload } : { timestamp: u53(f.timestamp), payload: f.payload }));
}

/**
 * Frames narrowed for the reference's object model (`Time.Timestamp` throws on a negative value), used where the
 * reference runs as a real publisher or subscriber: absolute timestamps made non-negative. Its wire loops carry
 * negative ones; pinned in reference-quirks.
 */
export function framesForRefModel(frames: readonly Frame[]): Frame[] {
	return frames.map((f) => (f.timestamp === undefined ? { payload: f.payload } : { timestamp: Math.abs(f.timestamp), payload: f.payload }));
}
