// Message kinds: their numbers are the contract's `Code` (contract/schema.mjs); here, what each decodes to.
import { VersionError } from "../error.js";
import type {
	Announce,
	AnnounceChange,
	AnnounceInit,
	LegacySetup,
	SessionInfo,
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

export { Code } from "../contract.js";

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
	announceChange: AnnounceChange;
}

export type MessageKind = keyof MessageMap;

/** The 01/02-only messages (moq-lite-versions §3): the handshake, ANNOUNCE_INIT and SESSION_INFO. */
export interface LegacyMessageMap {
	legacySetup: LegacySetup;
	announceInit: AnnounceInit;
	sessionInfo: SessionInfo;
}

export type LegacyMessageKind = keyof LegacyMessageMap;

/** Every kind the decoder reads. */
export type AnyMessageMap = MessageMap & LegacyMessageMap;
export type AnyMessageKind = keyof AnyMessageMap;

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
	AnnounceChange: "announceChange",
} as const satisfies Record<string, MessageKind>;
export type Kind = MessageKind;

/** The core takes a version as its last byte (1..6); anything else is refused here. */
export function versionByte(version: Version): number {
	if (!(version >= 0xff0dad01 && version <= 0xff0dad06)) {
		throw new VersionError(`unsupported moq-lite version 0x${Number(version).toString(16)}`);
	}
	return version & 0xff;
}
