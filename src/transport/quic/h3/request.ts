// The extended CONNECT that opens a WebTransport session (RFC 9220, draft-ietf-webtrans-http3 §3): building it on
// the client, checking it on the server, and the response each side writes or reads.
import { encodeFieldSection, type Header } from "./qpack.js";
import { Frame, frame } from "./frames.js";
import { parseSfItem, parseSfList, sfString, sfStringList } from "./protocols.js";

/** A CONNECT request as the server sees it. */
export interface ConnectRequest {
	readonly url: URL;
	/** Every request header, lower-case names; pseudo-headers included. */
	readonly headers: ReadonlyMap<string, string>;
	/** The subprotocols the client offered in `wt-available-protocols`, its preference first. */
	readonly protocols: readonly string[];
}

export function requestFrame(url: URL, protocols: readonly string[]): Uint8Array {
	const headers: Header[] = [
		[":method", "CONNECT"],
		[":scheme", "https"],
		[":authority", url.host],
		[":path", `${url.pathname}${url.search}`],
		[":protocol", "webtransport"],
		// Chromium-era peers want this to pick draft-02 semantics; later drafts ignore it.
		["sec-webtransport-http3-draft02", "1"],
	];
	if (protocols.length) headers.push(["wt-available-protocols", sfStringList(protocols)]);
	return frame(Frame.Headers, encodeFieldSection(headers));
}

/** Parses a CONNECT; returns an HTTP status to refuse it with when it is not a WebTransport request we can serve. */
export function parseRequest(fields: readonly Header[]): ConnectRequest | { status: number } {
	const headers = new Map<string, string>();
	for (const [name, value] of fields) headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
	const authority = headers.get(":authority");
	const path = headers.get(":path");
	if (headers.get(":method") !== "CONNECT" || headers.get(":protocol") !== "webtransport") return { status: 501 };
	if (headers.get(":scheme") !== "https" || !authority || !path?.startsWith("/")) return { status: 400 };
	const offered = headers.get("wt-available-protocols");
	const protocols = offered === undefined ? [] : parseSfList(offered);
	if (!protocols) return { status: 400 };
	return { url: new URL(`https://${authority}${path}`), headers, protocols };
}

export function responseFrame(status: number, protocol?: string): Uint8Array {
	const headers: Header[] = [
		[":status", String(status)],
		["sec-webtransport-http3-draft", "draft02"],
	];
	if (protocol) headers.push(["wt-protocol", sfString(protocol)]);
	return frame(Frame.Headers, encodeFieldSection(headers));
}

/** The status and picked subprotocol ("" when none) of a CONNECT response. */
export function parseResponse(fields: readonly Header[]): { status: number; protocol: string } {
	const get = (name: string) => fields.find(([n]) => n === name)?.[1];
	const picked = get("wt-protocol");
	return { status: Number(get(":status")), protocol: picked === undefined ? "" : (parseSfItem(picked) ?? "") };
}
