// Plain TypeScript shapes of every moq-lite message (spec §3). The codec facade (src/codec/*) encodes and
// decodes these; everything above the codec speaks only these types.

/**
 * A u62 wire integer: a `number` when it is at most 2^53-1, otherwise an exact `bigint`.
 * Decoders never lose precision; encoders accept either form.
 */
export type U62 = number | bigint;

/** moq-lite versions we speak, by wire code (spec §1.1). */
export const Version = {
	/** Legacy: negotiated inside CLIENT_SETUP (moq-lite-versions §3), never by ALPN. */
	Lite01: 0xff0dad01,
	Lite02: 0xff0dad02,
	Lite03: 0xff0dad03,
	Lite04: 0xff0dad04,
	Lite05: 0xff0dad05,
	Lite06: 0xff0dad06,
} as const;
export type Version = (typeof Version)[keyof typeof Version];

/** The ALPN / WebTransport subprotocol that leads to the legacy SETUP handshake (as does no protocol at all). */
export const LEGACY_ALPN = "moql";

/** ALPN / WebTransport subprotocol strings, most preferred first (01/02 share the legacy one). */
export const ALPN: Readonly<Record<Version, string>> = {
	[Version.Lite06]: "moq-lite-06",
	[Version.Lite05]: "moq-lite-05",
	[Version.Lite04]: "moq-lite-04",
	[Version.Lite03]: "moq-lite-03",
	[Version.Lite02]: LEGACY_ALPN,
	[Version.Lite01]: LEGACY_ALPN,
};

/** Bidirectional stream types (spec §3.1). */
export const BidiStreamType = {
	Announce: 0x1,
	Subscribe: 0x2,
	Fetch: 0x3,
	Probe: 0x4,
	Goaway: 0x5,
	Track: 0x6,
} as const;
export type BidiStreamType = (typeof BidiStreamType)[keyof typeof BidiStreamType];

/** Unidirectional stream types (spec §3.1). */
export const UniStreamType = {
	Group: 0x0,
	Setup: 0x1,
} as const;
export type UniStreamType = (typeof UniStreamType)[keyof typeof UniStreamType];

/** SETUP probe levels (parameter 0x1). */
export const ProbeLevel = { None: 0, Report: 1, Increase: 2 } as const;
/** SETUP roles (parameter 0x3). */
export const Role = { Both: 0, Publisher: 1, Subscriber: 2 } as const;

/** SETUP (05+): known parameters decoded, unknown ones kept by id (first value wins on our side of encode). */
export interface Setup {
	probe?: number;
	path?: string;
	role?: number;
	cost?: U62;
	origin?: U62;
	/** Parameters this library does not interpret, by id. */
	unknown?: Map<number, Uint8Array>;
}

export interface AnnounceRequest {
	prefix: string;
	/** 04/05 only; 0 = no exclusion. */
	excludeHop: U62;
}

/** 05+: first reply on an announce stream. */
export interface AnnounceOk {
	origin: U62;
	activeCount: number;
}

export const AnnounceStatus = { Ended: 0, Active: 1, Restart: 2 } as const;
export type AnnounceStatus = (typeof AnnounceStatus)[keyof typeof AnnounceStatus];

/** 06 announce-stream messages: routes by implicit id (every START takes the next id on its stream). */
export type AnnounceChange =
	| { type: "start"; suffix: string; hops: U62[]; warmCost: U62; coldCost: U62 }
	| { type: "end"; id: U62 }
	| { type: "update"; id: U62; hops: U62[]; warmCost: U62; coldCost: U62 }
	/** A type this version does not define: skipped by length, takes no id. */
	| { type: "unknown"; wireType: U62 };

/** Legacy-form ANNOUNCE (03..05). On 03 only the hop count travels: decoded hops are that many zeros. */
export interface Announce {
	status: AnnounceStatus;
	suffix: string;
	hops: U62[];
}

export interface Subscribe {
	id: U62;
	broadcast: string;
	track: string;
	priority: number;
	ordered: boolean;
	/** Milliseconds. */
	maxLatency: number;
	/** Absent = latest. */
	startGroup?: U62;
	/** Absent = unbounded. */
	endGroup?: U62;
	/** 06+: first frame within the start group (0 = whole group; needs a start group). */
	frameStart?: U62;
	/** 06+: last frame (inclusive) within the end group; needs an end group. */
	frameEnd?: U62;
}

/** SUBSCRIBE_UPDATE: every field of SUBSCRIBE after the track. `ordered` is ignored on 06 (decoded false). */
export interface SubscribeUpdate {
	priority: number;
	ordered: boolean;
	/** Milliseconds (06: max age). */
	maxLatency: number;
	startGroup?: U62;
	endGroup?: U62;
	frameStart?: U62;
	frameEnd?: U62;
}

/** Typed replies on a subscribe stream: `ok` on 03/04; `start`/`end` on 05+; `drop` on both. */
export type SubscribeResponse =
	| { type: "ok"; priority: number; ordered: boolean; maxLatency: number; startGroup?: U62; endGroup?: U62 }
	| { type: "start"; group: U62 }
	| { type: "end"; group: U62 }
	| { type: "drop"; start: U62; end: U62; error: U62 };

export interface TrackRequest {
	broadcast: string;
	track: string;
}

/** TRACK_INFO (05+). Defaults: priority 0, unordered, 5000 ms, timescale 1000. */
export interface TrackInfoMessage {
	priority: number;
	ordered: boolean;
	/** Milliseconds. */
	latencyMax: number;
	/** Units per second; never 0. */
	timescale: number;
}

export interface Fetch {
	broadcast: string;
	track: string;
	priority: number;
	group: U62;
	/** 06+: first frame to send (0 = from the start). */
	frameStart?: U62;
	/** 06+: last frame to send, inclusive; absent = to the group's end. */
	frameEnd?: U62;
}

export interface GroupHeader {
	subscribeId: U62;
	sequence: U62;
	/** 06+: index of the stream's first frame (0 normally). */
	frameStart?: U62;
}

/** A decoded frame. `timestamp` is absolute in the track timescale (05+), undefined on 03/04. */
export interface Frame {
	timestamp?: number;
	/** A view of the caller's bytes when the frame arrived in one chunk (never copied then). */
	payload: Uint8Array;
}

export interface Probe {
	bitrate: number;
	/** 04+; 0 = unknown. */
	rtt?: number;
}

/** A draft-14 SETUP parameter: even ids carry a varint, odd ids bytes (moq-lite-versions §3.2). */
export interface LegacyParameter {
	id: U62;
	value: U62 | Uint8Array;
}

/** The legacy handshake: CLIENT_SETUP (offered versions) or SERVER_SETUP (the selected one). Parameters keep
 * their wire order. */
export type LegacySetup =
	| { type: "client"; versions: U62[]; parameters: LegacyParameter[] }
	| { type: "server"; version: U62; parameters: LegacyParameter[] };

/** 01/02: the first reply on an announce stream, the current set as suffixes of the request prefix. */
export interface AnnounceInit {
	suffixes: string[];
}

/** 01/02: the session stream's report; 0 = unknown. */
export interface SessionInfo {
	bitrate: number;
}

export interface Goaway {
	uri: string;
}

/** A QUIC datagram carrying a single-frame group (05+). */
export interface Datagram {
	subscribeId: U62;
	sequence: U62;
	timestamp: number;
	payload: Uint8Array;
}
