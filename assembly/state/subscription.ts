// Live subscription rows and their aggregate, what a publisher (or a relay forwarding upstream) sees:
// priority = max, ordered = AND, latencyMax = max clamped to the track's latencyMax, start = min of those
// set, end = unbounded if any subscriber is unbounded else the max. -1 encodes "not set". A subscriber
// without a start wants the live edge: a set start above it (a hostile 2^53-1, say) must not hold back the
// rest, so then the aggregate start is unset too.
import {
	OUT_END,
	OUT_LATENCY_MAX,
	OUT_ORDERED,
	OUT_PRIORITY,
	OUT_START,
	OUT_SUBSCRIBERS,
} from "../contract";
import { out } from "./events";
import { Track, track } from "./track";

const sTrack = new Array<i32>(0);
const sPriority = new Array<f64>(0);
const sOrdered = new Array<u8>(0);
const sLatency = new Array<f64>(0);
const sStart = new Array<f64>(0);
const sEnd = new Array<f64>(0);
const sPos = new Array<i32>(0);
const free = new Array<i32>(0);

function set(s: i32, priority: f64, ordered: bool, latencyMax: f64, start: f64, end: f64): void {
	sPriority[s] = priority;
	sOrdered[s] = ordered ? 1 : 0;
	sLatency[s] = latencyMax;
	sStart[s] = start;
	sEnd[s] = end;
}

/** Writes the aggregate to the out area (OUT_SUBSCRIBERS .. OUT_END). */
export function writeAggregate(tr: Track): void {
	const subs = tr.subs;
	let priority: f64 = 0;
	let ordered = subs.length > 0;
	let latency: f64 = 0;
	let start: f64 = -1;
	let live = false;
	let end: f64 = 0;
	for (let i = 0; i < subs.length; i++) {
		const s = subs[i];
		priority = Math.max(priority, sPriority[s]);
		ordered = ordered && sOrdered[s] != 0;
		latency = Math.max(latency, sLatency[s]);
		if (sStart[s] < 0) live = true;
		else if (start < 0 || sStart[s] < start) start = sStart[s];
		if (end >= 0) end = sEnd[s] < 0 ? -1 : Math.max(end, sEnd[s]);
	}
	if (live && start > tr.liveMax) start = -1;
	out(OUT_SUBSCRIBERS, subs.length);
	out(OUT_PRIORITY, priority);
	out(OUT_ORDERED, ordered ? 1 : 0);
	out(OUT_LATENCY_MAX, Math.min(latency, tr.latencyMax));
	out(OUT_START, start);
	out(OUT_END, subs.length > 0 ? end : -1);
}

/** Opens a subscription row on a track and writes the new aggregate. */
export function subOpen(t: i32, priority: f64, ordered: bool, latencyMax: f64, start: f64, end: f64): i32 {
	const tr = track(t);
	let s: i32;
	if (free.length > 0) {
		s = free.pop();
	} else {
		s = sTrack.length;
		sTrack.push(0);
		sPriority.push(0);
		sOrdered.push(0);
		sLatency.push(0);
		sStart.push(0);
		sEnd.push(0);
		sPos.push(0);
	}
	sTrack[s] = t;
	set(s, priority, ordered, latencyMax, start, end);
	sPos[s] = tr.subs.length;
	tr.subs.push(s);
	writeAggregate(tr);
	return s;
}

/** Changes a subscriber's wire preference and writes the new aggregate. */
export function subUpdate(s: i32, priority: f64, ordered: bool, latencyMax: f64, start: f64, end: f64): void {
	set(s, priority, ordered, latencyMax, start, end);
	writeAggregate(track(sTrack[s]));
}

function remove(tr: Track, s: i32): void {
	const pos = sPos[s];
	const last = tr.subs.pop();
	if (last != s) {
		tr.subs[pos] = last;
		sPos[last] = pos;
	}
	free.push(s);
}

/** Closes a subscription row and writes the new aggregate. */
export function subClose(s: i32): void {
	const tr = track(sTrack[s]);
	remove(tr, s);
	writeAggregate(tr);
}

/** Releases every row of a track being freed. */
export function releaseSubs(tr: Track): void {
	while (tr.subs.length > 0) remove(tr, tr.subs[tr.subs.length - 1]);
}
