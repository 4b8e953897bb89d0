// Message kinds as numbered by the WASM core (assembly/codec/kinds.ts keeps the same numbers).
import { VersionError } from "../error.js";
import type {
	Announce,
	AnnounceOk,
	AnnounceRequest,
	Fetch,
	Goaway,
	GroupHeader,
	Probe,
	Setup,
	Subscribe,
	SubscribeResponse,
	SubscribeUpdate,
	TrackInfoMessage,
	TrackRequest,
	Version,
} from "./types.js";

/** Kind numbers of the core. */
export const Code = {
	setup: 0,
	announceRequest: 1,
	announceOk: 2,
	announce: 3,
	subscribe: 4,
	subscribeUpdate: 5,
	subscribeResponse: 6,
	track: 7,
	trackInfo: 8,
	fetch: 9,
	group: 10,
	probe: 11,
	goaway: 12,
	// Raw kinds, not wrapped in MSG{}.
	varint: 13,
	frameHeader: 14,
	datagramHeader: 15,
} as const;

/** What `Decoder.message(kind, version)` returns for each kind. */
export interface MessageMap {
	setup: Setup;
	announceRequest: AnnounceRequest;
	announceOk: AnnounceOk;
	announce: Announce;
	subscribe: Subscribe;
	subscribeUpdate: SubscribeUpdate;
	subscribeResponse: SubscribeResponse;
	track: TrackRequest;
	trackInfo: TrackInfoMessage;
	fetch: Fetch;
	group: GroupHeader;
	probe: Probe;
	goaway: Goaway;
}

export type MessageKind = keyof MessageMap;

/** Named message kinds for `Decoder.message(kind, version)`; plain strings work too. */
export const Kind = {
	Setup: "setup",
	AnnounceRequest: "announceRequest",
	AnnounceOk: "announceOk",
	Announce: "announce",
	Subscribe: "subscribe",
	SubscribeUpdate: "subscribeUpdate",
	SubscribeResponse: "subscribeResponse",
	Track: "track",
	TrackInfo: "trackInfo",
	Fetch: "fetch",
	Group: "group",
	Probe: "probe",
	Goaway: "goaway",
} as const satisfies Record<string, MessageKind>;
export type Kind = MessageKind;

/** The core takes a version as its last byte (3, 4, 5); anything else is refused here. */
export function versionByte(version: Version): number {
	if (version !== 0xff0dad03 && version !== 0xff0dad04 && version !== 0xff0dad05) {
		throw new VersionError(`unsupported moq-lite version 0x${Number(version).toString(16)}`);
	}
	return version & 0xff;
}
