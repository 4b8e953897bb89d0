// `moqwire encode|decode`: one moq-lite message between JSON and hex, for debugging captures by hand.
import * as Codec from "../codec/index.js";
import { DecodeError } from "../error.js";
import { type Command, type Options, str, UsageError } from "./args.js";

const VERSIONS: Record<string, Codec.Version> = {
	"03": Codec.Version.Lite03,
	"04": Codec.Version.Lite04,
	"05": Codec.Version.Lite05,
	"06": Codec.Version.Lite06,
};

type Encoder = (msg: never, version: Codec.Version) => Uint8Array;
const ENCODERS: Record<Codec.MessageKind, Encoder> = {
	setup: Codec.encodeSetup,
	announceRequest: Codec.encodeAnnounceRequest,
	announceOk: Codec.encodeAnnounceOk,
	announce: Codec.encodeAnnounce,
	subscribe: Codec.encodeSubscribe,
	subscribeUpdate: Codec.encodeSubscribeUpdate,
	subscribeResponse: Codec.encodeSubscribeResponse,
	track: Codec.encodeTrackRequest,
	trackInfo: Codec.encodeTrackInfo,
	fetch: Codec.encodeFetch,
	group: Codec.encodeGroupHeader,
	probe: Codec.encodeProbe,
	goaway: Codec.encodeGoaway,
	announceChange: Codec.encodeAnnounceChange,
};

export const KINDS = Object.keys(ENCODERS) as Codec.MessageKind[];

export function parseVersion(text: string | undefined): Codec.Version {
	const v = VERSIONS[text ?? "05"];
	if (v === undefined) throw new UsageError(`unknown moq-lite version ${JSON.stringify(text)}: use 03, 04 or 05`);
	return v;
}

function parseKind(kind: string | undefined): Codec.MessageKind {
	if (!kind || !(kind in ENCODERS)) throw new Error(`unknown message kind ${kind}: one of ${KINDS.join(", ")}`);
	return kind as Codec.MessageKind;
}

export function toHex(bytes: Uint8Array): string {
	return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

function fromHex(text: string): Uint8Array {
	const clean = text.replace(/[\s:]/g, "");
	if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error("not hex: expected pairs of hex digits");
	return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** JSON with u62 bigints written as strings (JSON has no bigint); numeric strings read back as bigint. */
function toJson(value: unknown): string {
	return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Map ? Object.fromEntries(v) : v), 2);
}

function fromJson(text: string): unknown {
	return JSON.parse(text, (_k, v) => (typeof v === "string" && /^\d{16,}$/.test(v) ? BigInt(v) : v));
}

function encode(kind: string, json: string, version: Codec.Version): string {
	return toHex(ENCODERS[parseKind(kind)](fromJson(json) as never, version));
}

function decode(kind: string, hex: string, version: Codec.Version): string {
	const decoder = new Codec.Decoder();
	decoder.push(fromHex(hex));
	const msg = decoder.message(parseKind(kind), version);
	if (msg === undefined) throw new DecodeError("incomplete message: more bytes needed");
	decoder.finish();
	return toJson(msg);
}

const WIRE: Options = { version: { type: "string", value: "03|04|05", description: "moq-lite version of the bytes (default 05)" } };

export const encodeCommand: Command = {
	name: "encode",
	args: "KIND JSON",
	summary: `print a message's wire bytes as hex (kinds: ${KINDS.join(", ")})`,
	options: WIRE,
	async run(values, [kind, json]) {
		console.log(encode(kind!, json!, parseVersion(str(values, "version"))));
		return 0;
	},
};

export const decodeCommand: Command = {
	name: "decode",
	args: "KIND HEX",
	summary: "print a message decoded from hex as JSON",
	options: WIRE,
	async run(values, [kind, hex]) {
		console.log(decode(kind!, hex!, parseVersion(str(values, "version"))));
		return 0;
	},
};
