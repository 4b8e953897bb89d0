// Spec §3.13 hex vectors that apply to lite-03/04/05, as our message shapes. Lite-01/02 and lite-06-wip vectors
// are left out (we do not speak those versions). `streamType` marks an "open" vector whose first byte is the
// stream type varint; `hex` is the whole line as printed in the spec.
import { type Frame, type GroupHeader, Version } from "../../src/codec/types.js";
import type { Kind, KindMap } from "./reference-codec.js";

export interface MessageVector<K extends Kind = Kind> {
	name: string;
	kind: K;
	versions: readonly Version[];
	streamType?: number;
	msg: KindMap[K];
	/** What the reference decodes the bytes to when it differs from `msg` (lite-03 hop ids, defaults). */
	decoded?: KindMap[K];
	hex: string;
}

const V3 = Version.Lite03;
const V4 = Version.Lite04;
const V5 = Version.Lite05;
const enc = (s: string) => new TextEncoder().encode(s);

function v<K extends Kind>(x: MessageVector<K>): MessageVector {
	return x as unknown as MessageVector;
}

export const MESSAGE_VECTORS: readonly MessageVector[] = [
	v({ name: "TRACK_INFO defaults (prio 0, unordered, 5000 ms, timescale 1000)", kind: "trackInfo", versions: [V5], msg: { priority: 0, ordered: false, latencyMax: 5000, timescale: 1000 }, hex: "06 00 00 53 88 43 e8" }),
	v({ name: "lite-05 Setup stream: type 1 + empty SETUP", kind: "setup", versions: [V5], streamType: 1, msg: {}, hex: "01 01 00" }),
	v({ name: "lite-05 Setup stream: SETUP probe=Report, origin=42", kind: "setup", versions: [V5], streamType: 1, msg: { probe: 1, origin: 42 }, hex: "01 07 02 01 01 01 05 01 2a" }),
	v({ name: 'lite-05 SETUP path "/room?jwt=x", role=Subscriber', kind: "setup", versions: [V5], msg: { path: "/room?jwt=x", role: 2 }, hex: "11 02 02 0b 2f 72 6f 6f 6d 3f 6a 77 74 3d 78 03 01 02" }),
	v({ name: 'lite-04/05 Announce open: type 1 + ANNOUNCE_REQUEST prefix "room", exclude_hop 7', kind: "announceRequest", versions: [V4, V5], streamType: 1, msg: { prefix: "room", excludeHop: 7 }, hex: "01 06 04 72 6f 6f 6d 07" }),
	// Spec prints this line for lite-06; lite-03 has the same body (no exclude_hop).
	v({ name: 'lite-03 Announce open: type 1 + ANNOUNCE_REQUEST prefix "room"', kind: "announceRequest", versions: [V3], streamType: 1, msg: { prefix: "room", excludeHop: 0 }, hex: "01 05 04 72 6f 6f 6d" }),
	v({ name: "lite-05 ANNOUNCE_OK origin 9, active 1", kind: "announceOk", versions: [V5], msg: { origin: 9, activeCount: 1 }, hex: "02 09 01" }),
	v({ name: 'lite-05 ANNOUNCE active "cam", hops [7]', kind: "announce", versions: [V5], msg: { status: 1, suffix: "cam", hops: [7] }, hex: "07 01 03 63 61 6d 01 07" }),
	v({ name: 'lite-05 ANNOUNCE ended "cam"', kind: "announce", versions: [V5], msg: { status: 0, suffix: "cam", hops: [] }, hex: "06 00 03 63 61 6d 00" }),
	v({ name: 'lite-04 ANNOUNCE active "cam", hops [7, 9]', kind: "announce", versions: [V4], msg: { status: 1, suffix: "cam", hops: [7, 9] }, hex: "08 01 03 63 61 6d 02 07 09" }),
	v({ name: 'lite-03 ANNOUNCE active "cam", hop count 2', kind: "announce", versions: [V3], msg: { status: 1, suffix: "cam", hops: [7, 9] }, decoded: { status: 1, suffix: "cam", hops: [0, 0] }, hex: "06 01 03 63 61 6d 02" }),
	v({
		name: 'lite-03+ Subscribe open: type 2 + SUBSCRIBE id 0 "room/host" "video" prio 2 unordered 500 ms latest/unbounded',
		kind: "subscribe",
		versions: [V3, V4, V5],
		streamType: 2,
		msg: { id: 0, broadcast: "room/host", track: "video", priority: 2, ordered: false, maxLatency: 500 },
		hex: "02 17 00 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f 02 00 41 f4 00 00",
	}),
	v({ name: 'lite-03+ SUBSCRIBE id 5 "a" "v" prio 0, ordered=1, 0 ms, start 10, end 20', kind: "subscribe", versions: [V3, V4, V5], msg: { id: 5, broadcast: "a", track: "v", priority: 0, ordered: true, maxLatency: 0, startGroup: 10, endGroup: 20 }, hex: "0a 05 01 61 01 76 00 01 00 0b 15" }),
	v({ name: "lite-03+ SUBSCRIBE_UPDATE prio 3, unordered, 0 ms, latest, unbounded", kind: "subscribeUpdate", versions: [V3, V4, V5], msg: { priority: 3, ordered: false, maxLatency: 0 }, hex: "05 03 00 00 00 00" }),
	v({ name: "lite-05+ SUBSCRIBE_START group 42", kind: "subscribeResponse", versions: [V5], msg: { type: "start", group: 42 }, hex: "00 01 2a" }),
	v({ name: "lite-05+ SUBSCRIBE_END group 7", kind: "subscribeResponse", versions: [V5], msg: { type: "end", group: 7 }, hex: "01 01 07" }),
	v({ name: "lite-05+ SUBSCRIBE_DROP 1..3 error 0", kind: "subscribeResponse", versions: [V5], msg: { type: "drop", start: 1, end: 3, error: 0 }, hex: "02 03 01 03 00" }),
	v({ name: "lite-03/04 SUBSCRIBE_OK prio 2 (typed)", kind: "subscribeResponse", versions: [V3, V4], msg: { type: "ok", priority: 2, ordered: false, maxLatency: 0 }, hex: "00 05 02 00 00 00 00" }),
	v({ name: "lite-03/04 SUBSCRIBE_DROP 1..3 error 0 (typed 1)", kind: "subscribeResponse", versions: [V3, V4], msg: { type: "drop", start: 1, end: 3, error: 0 }, hex: "01 03 01 03 00" }),
	v({ name: 'lite-05+ Track open: type 6 + TRACK "room/host" "video"', kind: "track", versions: [V5], streamType: 6, msg: { broadcast: "room/host", track: "video" }, hex: "06 10 09 72 6f 6f 6d 2f 68 6f 73 74 05 76 69 64 65 6f" }),
	v({ name: "lite-05+ TRACK_INFO prio 7, unordered, 2000 ms, timescale 1000000", kind: "trackInfo", versions: [V5], msg: { priority: 7, ordered: false, latencyMax: 2000, timescale: 1_000_000 }, hex: "08 07 00 47 d0 80 0f 42 40" }),
	v({ name: 'lite-05+ Fetch open: type 3 + FETCH "room" "video" prio 3 group 7', kind: "fetch", versions: [V5], streamType: 3, msg: { broadcast: "room", track: "video", priority: 3, group: 7 }, hex: "03 0d 04 72 6f 6f 6d 05 76 69 64 65 6f 03 07" }),
	v({ name: "lite-04+ PROBE 1000000 bps, 40 ms", kind: "probe", versions: [V4, V5], msg: { bitrate: 1_000_000, rtt: 40 }, hex: "05 80 0f 42 40 28" }),
	v({ name: "lite-03 PROBE 1000000 bps", kind: "probe", versions: [V3], msg: { bitrate: 1_000_000 }, hex: "04 80 0f 42 40" }),
	v({ name: 'lite-04+ Goaway open: type 5 + GOAWAY ""', kind: "goaway", versions: [V4, V5], streamType: 5, msg: { uri: "" }, hex: "05 01 00" }),
];

export interface GroupVector {
	name: string;
	versions: readonly Version[];
	header: GroupHeader;
	frames: Frame[];
	hex: string;
}

export const GROUP_VECTORS: readonly GroupVector[] = [
	{
		name: 'lite-05+ Group stream: type 0, GROUP sub 0 seq 42, frames (1000,"hi") (1033,"yo") (1000,"")',
		versions: [V5],
		header: { subscribeId: 0, sequence: 42 },
		frames: [
			{ timestamp: 1000, payload: enc("hi") },
			{ timestamp: 1033, payload: enc("yo") },
			{ timestamp: 1000, payload: enc("") },
		],
		hex: "00 02 00 2a 47 d0 02 68 69 40 42 02 79 6f 40 41 00",
	},
	{
		name: 'lite-01..04 Group stream: type 0, GROUP sub 3 seq 1, frame "hi"',
		versions: [V3, V4],
		header: { subscribeId: 3, sequence: 1 },
		frames: [{ payload: enc("hi") }],
		hex: "00 02 03 01 02 68 69",
	},
];

export const FETCH_REPLY_VECTOR = { name: 'lite-05+ FETCH reply: one frame ts 90000 "ab", then FIN', frames: [{ timestamp: 90000, payload: enc("ab") }] as Frame[], hex: "80 02 bf 20 02 61 62" };

export const DATAGRAM_VECTOR = { name: 'datagram sub=1 seq=2 ts=3 payload "world"', msg: { subscribeId: 1, sequence: 2, timestamp: 3, payload: enc("world") }, hex: "01 02 03 77 6f 72 6c 64" };
