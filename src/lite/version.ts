// Negotiated version and the session-level feature gates (spec §1.2). The codec gates fields; these gate streams.
import { ALPN, Version } from "../codec/types.js";
import { UnknownAlpnError } from "../error.js";

/** Versions we offer, most preferred first. */
export const SUPPORTED_VERSIONS: readonly Version[] = [Version.Lite05, Version.Lite04, Version.Lite03];

/** Subprotocol strings to offer, most preferred first. */
export const SUPPORTED_PROTOCOLS: readonly string[] = SUPPORTED_VERSIONS.map((v) => ALPN[v]);

/** The version a negotiated ALPN / WebTransport subprotocol selects. */
export function versionFromProtocol(protocol: string | undefined): Version {
	for (const v of SUPPORTED_VERSIONS) if (ALPN[v] === protocol) return v;
	throw new UnknownAlpnError(protocol ?? "");
}

/** SETUP uni stream, TRACK stream, SUBSCRIBE_START/END, timestamps, datagrams and served FETCH: 05+. */
export function isLite05(version: Version): boolean {
	return version >= Version.Lite05;
}

export function hasGoaway(version: Version): boolean {
	return version >= Version.Lite04;
}

export function versionName(version: Version): string {
	return ALPN[version];
}
