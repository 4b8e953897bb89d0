// Spec §3.13 test vectors (hex copied verbatim), as sequences of stream items per version.
// lite-01/02 vectors are moq-lite-versions §4.2's (spec-vectors-legacy.ts); the "lite-06 Announce open" bytes are
// identical to the 03 ANNOUNCE_REQUEST and are checked as such.
import type { AnyMessageKind, AnyMessageMap } from "../../src/codec/index.js";
import { Version } from "../../src/codec/index.js";
import { utf8 } from "./helpers.js";

export type Item =
	| { varint: number }
	| { [K in AnyMessageKind]: { kind: K; msg: AnyMessageMap[K] } }[AnyMessageKind]
	| { frames: { timestamp?: number; payload: Uint8Array }[] };

export interface Vector {
	name: string;
	hex: string;
	versions: Version[];
	items: Item[];
}

const V03 = Version.Lite03;
const V04 = Version.Lite04;
const V05 = Version.Lite05;
const ALL = [V03, V04, V05];

export const VECTORS: Vector[] = [
	{
		name: "TRACK_INFO defaults (prio 0, unordered, 5000 ms, timescale 1000)",
		hex: "06 00 00 53 88 43 e8",
		versions: [V05],
		items: [{ kind: "trackInfo", msg: { priority: 0, ordered: false, latencyMax: 5000, timescale: 1000 } }],
	},
	{
		name: "lite-05 Setup stream: type 1 + empty SETUP",
		hex: "01 01 00",
		versions: [V05],
		items: [{ varint: 1 }, { kind: "setup", msg: {} }],
	},
	{
		name: "lite-05 Setup stream: SETUP probe=Report, origin=42",
		hex: "01 07 02 01 01 01 05 01 2a",
		versions: [V05],
		items: [{ varint: 1 }, { kind: "setup", msg: { probe: 1, origin: 42 } }],
	},
	{
		name: 'lite-05 SETUP path "/room?jwt=x", role=Subscriber',
		hex: "01 11 02 02 0b 2f 72 6f 6f 6d 3f 6a 77 74 3d 78 03 01 02",
		versions: [V05],
		items: [{ varint: 1 }, { kind: "setup", msg: { path: "/room?jwt=x", role: 2 } }],
	},
	{
		name: 'lite-05 Announce open: type 1 + ANNOUNCE_REQUEST prefix "room", exclude_hop 7',
		hex: "01 06 04 72 6f 6f 6d 07",
		versions: [V04, V05],
		items: [{ varint: 1 }, { kind: "announceRequest", msg: { prefix: "room", excludeHop: 7 } }],
	},
	{
		name: 'Announce open: type 1 + ANNOUNCE_REQUEST prefix "room" (lite-06 bytes = lite-03 form)',
		hex: "01 05 04 72 6f 6f 6d",
		versions: [V03],
		items: [{ varint: 1 }, { kind: "announceRequest", msg: { prefix: "room", excludeHop: 0 } }],
	},
	{
		name: "lite-05 ANNOUNCE_OK origin 9, active 1",
		hex: "02 09 01",
		versions: [V05],
		items: [{ kind: "announceOk", msg: { origin: 9, activeCount: 1 } }],
	},
	{
		name: 'lite-05 ANNOUNCE active "cam", hops [7]',
		hex: "07 01 03 63 61 6d 01 07",
		versions: [V05],
		items: [{ kind: "announce", msg: { status: 1, suffix: "cam", hops: [7] } }],
	},
	{
		name: 'lite-05 ANNOUNCE ended "cam"',
		hex: "06 00 03 63 61 6d 00",
		versions: [V04, V05],
		items: [{ kind: "announce", msg: { status: 0, suffix: "cam", hops: [] } }],
	},
	{
		name: 'lite-04 ANNOUNCE active "cam", hops [7, 9]',
		hex: "08 01 03 63 61 6d 02 07 09",
		versions: [V04],
		items: [{ kind: "announce", msg: { status: 1, suffix: "cam", hops: [7, 9] } }],
	},
	{
		name: 'lite-03 ANNOUNCE active "cam", hop count 2',
		hex: "06 01 03 63 61 6d 02",
		versions: [V03],
		items: [{ kind: "announce", msg: { status: 1, suffix: "cam", hops: [0, 0] } }],
	},
	{
		name: 'lite-03+ Subscribe open: type 2 + SUBSCRIBE id 0 "room/host" "video" prio 2 unordered 500 ms latest/unbounded',
		hex: "02 17 00 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f 02 00 41 f4 00 00",
		versions: ALL,
		items: [
			{ varint: 2 },
			{
				kind: "subscribe",
				msg: { id: 0, broadcast: "room/host", track: "video", priority: 2, ordered: false, maxLatency: 500 },
			},
		],
	},
	{
		name: 'lite-03+ SUBSCRIBE id 5 "a" "v" prio 0, ordered=1, 0 ms, start 10, end 20',
		hex: "0a 05 01 61 01 76 00 01 00 0b 15",
		versions: ALL,
		items: [
			{
				kind: "subscribe",
				msg: { id: 5, broadcast: "a", track: "v", priority: 0, ordered: true, maxLatency: 0, startGroup: 10, endGroup: 20 },
			},
		],
	},
	{
		name: "lite-03+ SUBSCRIBE_UPDATE prio 3, unordered, 0 ms, latest, unbounded",
		hex: "05 03 00 00 00 00",
		versions: ALL,
		items: [{ kind: "subscribeUpdate", msg: { priority: 3, ordered: false, maxLatency: 0 } }],
	},
	{
		name: "lite-05+ SUBSCRIBE_START group 42",
		hex: "00 01 2a",
		versions: [V05],
		items: [{ kind: "subscribeResponse", msg: { type: "start", group: 42 } }],
	},
	{
		name: "lite-05+ SUBSCRIBE_END group 7",
		hex: "01 01 07",
		versions: [V05],
		items: [{ kind: "subscribeResponse", msg: { type: "end", group: 7 } }],
	},
	{
		name: "lite-05+ SUBSCRIBE_DROP 1..3 error 0",
		hex: "02 03 01 03 00",
		versions: [V05],
		items: [{ kind: "subscribeResponse", msg: { type: "drop", start: 1, end: 3, error: 0 } }],
	},
	{
		name: "lite-03/04 SUBSCRIBE_OK prio 2 (typed)",
		hex: "00 05 02 00 00 00 00",
		versions: [V03, V04],
		items: [{ kind: "subscribeResponse", msg: { type: "ok", priority: 2, ordered: false, maxLatency: 0 } }],
	},
	{
		name: "lite-03/04 SUBSCRIBE_DROP 1..3 error 0 (typed 1)",
		hex: "01 03 01 03 00",
		versions: [V03, V04],
		items: [{ kind: "subscribeResponse", msg: { type: "drop", start: 1, end: 3, error: 0 } }],
	},
	{
		name: 'lite-05+ Track open: type 6 + TRACK "room/host" "video"',
		hex: "06 10 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f",
		versions: [V05],
		items: [{ varint: 6 }, { kind: "track", msg: { broadcast: "room/host", track: "video" } }],
	},
	{
		name: "lite-05+ TRACK_INFO prio 7, unordered, 2000 ms, timescale 1000000",
		hex: "08 07 00 47 d0 80 0f 42 40",
		versions: [V05],
		items: [{ kind: "trackInfo", msg: { priority: 7, ordered: false, latencyMax: 2000, timescale: 1000000 } }],
	},
	{
		name: 'lite-05+ Fetch open: type 3 + FETCH "room" "video" prio 3 group 7',
		hex: "03 0d 04 72 6f 6f 6d 05 76 69 64 65 6f 03 07",
		versions: [V05],
		items: [{ varint: 3 }, { kind: "fetch", msg: { broadcast: "room", track: "video", priority: 3, group: 7 } }],
	},
	{
		name: 'lite-05+ FETCH reply: one frame ts 90000 "ab", then FIN',
		hex: "80 02 bf 20 02 61 62",
		versions: [V05],
		items: [{ frames: [{ timestamp: 90000, payload: utf8("ab") }] }],
	},
	{
		name: 'lite-05+ Group stream: type 0, GROUP sub 0 seq 42, frames (1000,"hi") (1033,"yo") (1000,"")',
		hex: "00 02 00 2a 47 d0 02 68 69 40 42 02 79 6f 40 41 00",
		versions: [V05],
		items: [
			{ varint: 0 },
			{ kind: "group", msg: { subscribeId: 0, sequence: 42 } },
			{
				frames: [
					{ timestamp: 1000, payload: utf8("hi") },
					{ timestamp: 1033, payload: utf8("yo") },
					{ timestamp: 1000, payload: new Uint8Array(0) },
				],
			},
		],
	},
	{
		name: 'lite-01..04 Group stream: type 0, GROUP sub 3 seq 1, frame "hi"',
		hex: "00 02 03 01 02 68 69",
		versions: [V03, V04],
		items: [{ varint: 0 }, { kind: "group", msg: { subscribeId: 3, sequence: 1 } }, { frames: [{ payload: utf8("hi") }] }],
	},
	{
		name: "lite-04+ Probe open: type 4",
		hex: "04",
		versions: ALL,
		items: [{ varint: 4 }],
	},
	{
		name: "lite-04+ PROBE 1000000 bps, 40 ms",
		hex: "05 80 0f 42 40 28",
		versions: [V04, V05],
		items: [{ kind: "probe", msg: { bitrate: 1000000, rtt: 40 } }],
	},
	{
		name: "lite-03 PROBE 1000000 bps",
		hex: "04 80 0f 42 40",
		versions: [V03],
		items: [{ kind: "probe", msg: { bitrate: 1000000 } }],
	},
	{
		name: 'lite-04+ Goaway open: type 5 + GOAWAY ""',
		hex: "05 01 00",
		versions: [V04, V05],
		items: [{ varint: 5 }, { kind: "goaway", msg: { uri: "" } }],
	},
];

/** The datagram vector: not a stream, decoded with decodeDatagram. */
export const DATAGRAM_VECTOR = {
	name: 'datagram sub=1 seq=2 ts=3 payload "world"',
	hex: "01 02 03 77 6f 72 6c 64",
	datagram: { subscribeId: 1, sequence: 2, timestamp: 3, payload: utf8("world") },
};
