// moq-lite-versions.md §4.2 vectors (hex copied verbatim): the legacy handshake and the 01/02 message shapes, plus
// the 03/04 bytes @moq/net 0.1.9 writes on the same paths.
import { Version } from "../../src/codec/index.js";
import { utf8 } from "./helpers.js";
import type { Vector } from "./spec-vectors.js";

const V01 = Version.Lite01;
const V02 = Version.Lite02;
const LEGACY = [V02, V01];
const OFFER = [0xff0dad02, 0xff0dad01, 0xff00000e];
const IMPLEMENTATION = { id: 7, value: utf8("moq-lite-js") };

const v = (name: string, hex: string, items: Vector["items"], versions: Version[] = LEGACY): Vector => ({ name, hex, versions, items });

export const VECTORS_LEGACY: Vector[] = [
	v(
		"CLIENT_SETUP as @moq/net 0.1.9 sends it",
		"20 00 2c 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01 c0 00 00 00 ff 00 00 0e 02 02 80 00 a4 55 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73",
		[{ kind: "legacySetup", msg: { type: "client", versions: OFFER, parameters: [{ id: 2, value: 42069 }, IMPLEMENTATION] } }],
	),
	v(
		"CLIENT_SETUP as @moq/net 0.3.4 sends it (Solicit 0x40b5a = 1)",
		"20 00 31 03 c0 00 00 00 ff 0d ad 02 c0 00 00 00 ff 0d ad 01 c0 00 00 00 ff 00 00 0e 03 02 80 00 a4 55 80 04 0b 5a 01 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73",
		[
			{
				kind: "legacySetup",
				msg: { type: "client", versions: OFFER, parameters: [{ id: 2, value: 42069 }, { id: 0x40b5a, value: 1 }, IMPLEMENTATION] },
			},
		],
	),
	v("SERVER_SETUP selecting lite-02, no params", "21 00 09 c0 00 00 00 ff 0d ad 02 00", [
		{ kind: "legacySetup", msg: { type: "server", version: 0xff0dad02, parameters: [] } },
	]),
	v(
		"SERVER_SETUP as @moq/net 0.3.4 accept() writes it (lite-02)",
		"21 00 20 c0 00 00 00 ff 0d ad 02 03 02 80 00 a4 55 80 04 0b 5a 01 07 0b 6d 6f 71 2d 6c 69 74 65 2d 6a 73",
		[{ kind: "legacySetup", msg: { type: "server", version: 0xff0dad02, parameters: [{ id: 2, value: 42069 }, { id: 0x40b5a, value: 1 }, IMPLEMENTATION] } }],
	),
	v("SESSION_INFO bitrate=1000000", "04 80 0f 42 40", [{ kind: "sessionInfo", msg: { bitrate: 1_000_000 } }]),
	v('Announce open: ANNOUNCE_REQUEST "" (01/02)', "01 01 00", [{ varint: 1 }, { kind: "announceRequest", msg: { prefix: "", excludeHop: 0 } }]),
	v('ANNOUNCE_INIT ["cam","mic"]', "09 02 03 63 61 6d 03 6d 69 63", [{ kind: "announceInit", msg: { suffixes: ["cam", "mic"] } }]),
	v('ANNOUNCE active "cam" (01/02)', "05 01 03 63 61 6d", [{ kind: "announce", msg: { status: 1, suffix: "cam", hops: [] } }]),
	v('ANNOUNCE ended "cam" (01/02)', "05 00 03 63 61 6d", [{ kind: "announce", msg: { status: 0, suffix: "cam", hops: [] } }]),
	v('ANNOUNCE_REQUEST "" exclude_hop=7 (04, 0.1.9)', "02 00 07", [{ kind: "announceRequest", msg: { prefix: "", excludeHop: 7 } }], [Version.Lite04]),
	v('Subscribe open: SUBSCRIBE id=0 "a" "v" prio=2 (01/02)', "02 06 00 01 61 01 76 02", [
		{ varint: 2 },
		{ kind: "subscribe", msg: { id: 0, broadcast: "a", track: "v", priority: 2, ordered: false, maxLatency: 0 } },
	]),
	v("SUBSCRIBE_OK 01 prio=2", "01 02", [{ kind: "subscribeResponse", msg: { type: "ok", priority: 2, ordered: false, maxLatency: 0 } }], [V01]),
	v("SUBSCRIBE_OK 02 (empty)", "00", [{ kind: "subscribeResponse", msg: { type: "ok", priority: 0, ordered: false, maxLatency: 0 } }], [V02]),
	v(
		"SUBSCRIBE_OK 03/04 as 0.1.9 sends it (prio 2, ordered 1)",
		"00 05 02 01 00 00 00",
		[{ kind: "subscribeResponse", msg: { type: "ok", priority: 2, ordered: true, maxLatency: 0 } }],
		[Version.Lite03, Version.Lite04],
	),
	v(
		'Group stream 01-04: sub=0 seq=5, frames "hi", "" (no timestamps)',
		"00 02 00 05 02 68 69 00",
		[{ varint: 0 }, { kind: "group", msg: { subscribeId: 0, sequence: 5 } }, { frames: [{ payload: utf8("hi") }, { payload: utf8("") }] }],
		[V01, V02, Version.Lite03, Version.Lite04],
	),
];
