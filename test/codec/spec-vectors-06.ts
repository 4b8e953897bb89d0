// moq-lite-versions.md §4.1 vectors (hex copied verbatim), as stream items on moq-lite-06; §4.3's 06-wip bytes.
import { Version } from "../../src/codec/index.js";
import { utf8 } from "./helpers.js";
import type { Vector } from "./spec-vectors.js";

const V06 = Version.Lite06;
const MAX_U62 = (1n << 62n) - 1n;
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

const v = (name: string, hex: string, items: Vector["items"], versions: Version[] = [V06]): Vector => ({ name, hex, versions, items });

export const VECTORS_06: Vector[] = [
	v("06 Setup stream: probe=Report, hop=42", "01 07 02 01 01 01 05 01 2a", [{ varint: 1 }, { kind: "setup", msg: { probe: 1, origin: 42 } }]),
	v(
		'06 Setup stream: path "/live?jwt=x", role=Publisher, cost=5, hop=4660',
		"01 18 04 02 0b 2f 6c 69 76 65 3f 6a 77 74 3d 78 03 01 01 04 01 05 05 02 52 34",
		[{ varint: 1 }, { kind: "setup", msg: { path: "/live?jwt=x", role: 1, cost: 5, origin: 4660 } }],
	),
	v("06 Setup stream: empty", "01 01 00", [{ varint: 1 }, { kind: "setup", msg: {} }]),
	v('06 Announce open: ANNOUNCE_REQUEST "room" (no exclude_hop)', "01 05 04 72 6f 6f 6d", [
		{ varint: 1 },
		{ kind: "announceRequest", msg: { prefix: "room", excludeHop: 0 } },
	]),
	v("06 ANNOUNCE_OK hop=9 active=1", "02 09 01", [{ kind: "announceOk", msg: { origin: 9, activeCount: 1 } }]),
	v('ANNOUNCE_START "cam" hops=[7] warm=12 cold=2^62-1 (as code writes)', "00 0f 03 63 61 6d 01 07 0c ff ff ff ff ff ff ff ff", [
		{ kind: "announceChange", msg: { type: "start", suffix: "cam", hops: [7], warmCost: 12, coldCost: MAX_U62 } },
	]),
	v('ANNOUNCE_START "cam" hops=[7] warm=12 cold=12 (draft seeding)', "00 08 03 63 61 6d 01 07 0c 0c", [
		{ kind: "announceChange", msg: { type: "start", suffix: "cam", hops: [7], warmCost: 12, coldCost: 12 } },
	]),
	v('ANNOUNCE_START "" (the request prefix) hops=[] warm=0 cold=2^62-1', "00 0b 00 00 00 ff ff ff ff ff ff ff ff", [
		{ kind: "announceChange", msg: { type: "start", suffix: "", hops: [], warmCost: 0, coldCost: MAX_U62 } },
	]),
	v("ANNOUNCE_UPDATE id=0 hops=[7,8] warm=0 cold=2^62-1", "02 0d 00 02 07 08 00 ff ff ff ff ff ff ff ff", [
		{ kind: "announceChange", msg: { type: "update", id: 0, hops: [7, 8], warmCost: 0, coldCost: MAX_U62 } },
	]),
	v("ANNOUNCE_END id=0, ANNOUNCE_END id=42", "01 01 00 01 01 2a", [
		{ kind: "announceChange", msg: { type: "end", id: 0 } },
		{ kind: "announceChange", msg: { type: "end", id: 42 } },
	]),
	v(
		'06 Subscribe open: SUBSCRIBE id=0 "room/host" "video" prio=2 maxAge=500, no floor, unbounded',
		"02 18 00 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f 02 41 f4 00 00 00 00",
		[{ varint: 2 }, { kind: "subscribe", msg: { id: 0, broadcast: "room/host", track: "video", priority: 2, ordered: false, maxLatency: 500 } }],
	),
	v('06 SUBSCRIBE id=1 "room" "video" prio=3 maxAge=250, no floor, end=g9', "13 01 04 72 6f 6f 6d 05 76 69 64 65 6f 03 40 fa 00 0a 00 00", [
		{ kind: "subscribe", msg: { id: 1, broadcast: "room", track: "video", priority: 3, ordered: false, maxLatency: 250, endGroup: 9 } },
	]),
	v('06 SUBSCRIBE id=5 "a" "v" prio=0 maxAge=0 start=(g10,f3) end=(g20,f7)', "0b 05 01 61 01 76 00 00 0a 15 03 08", [
		{
			kind: "subscribe",
			msg: { id: 5, broadcast: "a", track: "v", priority: 0, ordered: false, maxLatency: 0, startGroup: 10, endGroup: 20, frameStart: 3, frameEnd: 7 },
		},
	]),
	v("06 SUBSCRIBE_UPDATE prio=3 maxAge=2000 floor=g4 unbounded", "07 03 47 d0 04 00 00 00", [
		{ kind: "subscribeUpdate", msg: { priority: 3, ordered: false, maxLatency: 2000, startGroup: 4 } },
	]),
	v("SUBSCRIBE_OK group=4, SUBSCRIBE_END group=7, SUBSCRIBE_DROP 1..3 err 0", "00 01 04 01 01 07 02 03 01 03 00", [
		{ kind: "subscribeResponse", msg: { type: "start", group: 4 } },
		{ kind: "subscribeResponse", msg: { type: "end", group: 7 } },
		{ kind: "subscribeResponse", msg: { type: "drop", start: 1, end: 3, error: 0 } },
	], [Version.Lite05, V06]),
	v('06 Track open: TRACK "room/host" "video"', "06 10 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f", [
		{ varint: 6 },
		{ kind: "track", msg: { broadcast: "room/host", track: "video" } },
	]),
	v("06 TRACK_INFO prio=0 maxAge=unlimited(2^53-1) timescale=1000", "0b 00 c0 1f ff ff ff ff ff ff 43 e8", [
		{ kind: "trackInfo", msg: { priority: 0, ordered: false, latencyMax: NO_LIMIT, timescale: 1000 } },
	]),
	v("05 TRACK_INFO, the newest default (unlimited max age)", "0c 00 00 c0 1f ff ff ff ff ff ff 43 e8", [
		{ kind: "trackInfo", msg: { priority: 0, ordered: false, latencyMax: NO_LIMIT, timescale: 1000 } },
	], [Version.Lite05]),
	v("06 TRACK_INFO prio=7 maxAge=2000 timescale=1000000", "07 07 47 d0 80 0f 42 40", [
		{ kind: "trackInfo", msg: { priority: 7, ordered: false, latencyMax: 2000, timescale: 1000000 } },
	]),
	v('06 Fetch open: FETCH "room" "video" prio=3 group=7 whole group', "03 0f 04 72 6f 6f 6d 05 76 69 64 65 6f 03 07 00 00", [
		{ varint: 3 },
		{ kind: "fetch", msg: { broadcast: "room", track: "video", priority: 3, group: 7 } },
	]),
	v('06 FETCH "room" "video" prio=3 group=7 frames 2..4', "0f 04 72 6f 6f 6d 05 76 69 64 65 6f 03 07 02 05", [
		{ kind: "fetch", msg: { broadcast: "room", track: "video", priority: 3, group: 7, frameStart: 2, frameEnd: 4 } },
	]),
	v(
		'06 Group stream: sub=0 seq=42 frame_start=0, frames (1000,"hi") (1033,"yo") (1000,"")',
		"00 03 00 2a 00 47 d0 02 68 69 40 42 02 79 6f 40 41 00",
		[
			{ varint: 0 },
			{ kind: "group", msg: { subscribeId: 0, sequence: 42 } },
			{ frames: [{ timestamp: 1000, payload: utf8("hi") }, { timestamp: 1033, payload: utf8("yo") }, { timestamp: 1000, payload: utf8("") }] },
		],
	),
	v('06 Group stream: sub=3 seq=9 frame_start=5, frame (90000,"x")', "00 03 03 09 05 80 02 bf 20 01 78", [
		{ varint: 0 },
		{ kind: "group", msg: { subscribeId: 3, sequence: 9, frameStart: 5 } },
		{ frames: [{ timestamp: 90000, payload: utf8("x") }] },
	]),
	v('06 Goaway open: GOAWAY "https://r2.example/"', "05 14 13 68 74 74 70 73 3a 2f 2f 72 32 2e 65 78 61 6d 70 6c 65 2f", [
		{ varint: 5 },
		{ kind: "goaway", msg: { uri: "https://r2.example/" } },
	]),
];

/** §4.3: what @moq/net 0.3.4 writes on moq-lite-06-wip, which a 06-final decoder refuses. */
export const WIP_06: { name: string; kind: "announceChange" | "subscribe"; hex: string }[] = [
	{ name: "06-wip ANNOUNCE_START with one cost", kind: "announceChange", hex: "00 07 03 63 61 6d 01 07 0c" },
	{ name: "06-wip (05-layout) SUBSCRIBE with ordered and opt start", kind: "subscribe", hex: "12 01 04 72 6f 6f 6d 05 76 69 64 65 6f 03 00 40 fa 00 0a" },
];
