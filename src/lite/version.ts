// Negotiated version and the session-level feature gates (spec §1.2, moq-lite-versions §2.1). The codec gates
// fields; these gate streams and behaviour. Each gate is named by its feature: one introduced in N is
// `version >= N`, so the next version inherits it by default; one retired is bounded explicitly.
import { ALPN, LEGACY_ALPN, Version } from "../codec/types.js";
import { UnknownAlpnError } from "../error.js";

/** Versions we offer, most preferred first (06 before 05, as the newest references do; never 06-wip). */
export const SUPPORTED_VERSIONS: readonly Version[] = [Version.Lite06, Version.Lite05, Version.Lite04, Version.Lite03];

/** Subprotocol strings to offer, most preferred first. */
export const SUPPORTED_PROTOCOLS: readonly string[] = SUPPORTED_VERSIONS.map((v) => ALPN[v]);

/** Versions negotiated inside the legacy SETUP handshake, most preferred first (moq-lite-versions §3.2). */
export const LEGACY_VERSIONS: readonly Version[] = [Version.Lite02, Version.Lite01];

/** `moql`, or no protocol at all: the version is negotiated by the legacy SETUP handshake instead. */
export function isLegacyProtocol(protocol: string | undefined): boolean {
	return protocol === undefined || protocol === "" || protocol === LEGACY_ALPN;
}

/** The version a negotiated ALPN / WebTransport subprotocol selects (`moq-lite-06-wip` is refused). */
export function versionFromProtocol(protocol: string | undefined): Version {
	for (const v of SUPPORTED_VERSIONS) if (ALPN[v] === protocol) return v;
	throw new UnknownAlpnError(protocol ?? "");
}

/** The SETUP uni stream (both sides, once). */
export const hasSetupStream = (v: Version): boolean => v >= Version.Lite05;
/** The TRACK → TRACK_INFO stream. */
export const hasTrackStream = (v: Version): boolean => v >= Version.Lite05;
/** FETCH streams. */
export const hasFetch = (v: Version): boolean => v >= Version.Lite05;
/** QUIC datagrams carrying single-frame groups. */
export const hasDatagrams = (v: Version): boolean => v >= Version.Lite05;
/** Frame timestamps (03/04 frames carry none). */
export const hasTimestamps = (v: Version): boolean => v >= Version.Lite05;
/** SUBSCRIBE_START/END replies (03/04 answer SUBSCRIBE_OK first instead). */
export const hasSubscribeStart = (v: Version): boolean => v >= Version.Lite05;
/** ANNOUNCE_OK first on the announce stream; the receiver appends the responder's hop itself. */
export const hasAnnounceOk = (v: Version): boolean => v >= Version.Lite05;
/** The peer's SETUP carries its probe level (before it, probing is unconditional). */
export const hasProbeLevel = (v: Version): boolean => hasSetupStream(v);
/** A repeated active ANNOUNCE from the same publisher is a restart: 05 only (03/04 and 06 treat it as a violation). */
export const hasAnnounceRestart = (v: Version): boolean => v === Version.Lite05;
/** ANNOUNCE_START/END/UPDATE with implicit ids and route costs; the SETUP Hop replaces Exclude Hop. */
export const hasAnnounceId = (v: Version): boolean => v >= Version.Lite06;
/** 01/02: the SETUP bidi stream stays open as the session stream (SESSION_INFO); ANNOUNCE_INIT opens the announce
 * stream's reply. */
export const hasSessionStream = (v: Version): boolean => v <= Version.Lite02;
export const hasAnnounceInit = hasSessionStream;
/** SUBSCRIBE_UPDATE (01/02 have none: a subscription keeps its priority). */
export const hasSubscribeUpdate = (v: Version): boolean => v >= Version.Lite03;
/** PROBE streams (01/02 report bitrate on the session stream instead). */
export const hasProbe = (v: Version): boolean => v >= Version.Lite03;
/** GOAWAY streams. */
export const hasGoaway = (v: Version): boolean => v >= Version.Lite04;

/** "moq-lite-05"; the legacy versions by their own name (their ALPN, `moql`, is shared). */
export function versionName(version: Version): string {
	return hasSessionStream(version) ? `moq-lite-0${version & 0xff}` : ALPN[version];
}
