// Sec-WebSocket-Protocol values for moq over QMux (spec §1.3): "<qmux draft>.<moq ALPN>", e.g. "qmux-02.moq-lite-05".
// @moq/net offers every moq-lite ALPN under qmux-02, -01 and -00 (newest first); we offer and accept the same pairs.
// Older clients offer only bare drafts (`qmux-01`, `qmux-00`, `webtransport`: @moq/net 0.1.9): a server accepts
// those too, with no app protocol, so the session negotiates by legacy SETUP (moq-lite-versions §1.2, §3.6).
import { LEGACY_ALPN } from "../../codec/types.js";
import { MOQ_ALPNS } from "../negotiate.js";

export { MOQ_ALPNS };

/** QMux wire-format drafts @moq/qmux 0.3 speaks, newest first. */
const QMUX_DRAFTS = ["qmux-02", "qmux-01", "qmux-00"] as const;

/** Bare subprotocols (@moq/qmux's original `webtransport` framing, or a QMux draft) a server accepts when none of
 * its pairs was offered, most preferred first. `webtransport` leads: it is the framing @moq/net 0.1.9's @moq/qmux
 * 0.1.3 and ours agree on byte for byte (their bare qmux-01/-00 records do not decode against ours). */
const BARE = ["webtransport", ...QMUX_DRAFTS] as const;

/** The wire subprotocols a client offers for `alpns`: per ALPN in its order, every QMux draft newest first. */
export function offeredSubprotocols(alpns: readonly string[] = MOQ_ALPNS): string[] {
	return alpns.flatMap((alpn) => QMUX_DRAFTS.map((draft) => `${draft}.${alpn}`));
}

/**
 * The subprotocol a server answers an upgrade with, given the client's `Sec-WebSocket-Protocol` header (or list).
 * Our preference wins: the first of `offeredSubprotocols(alpns)` the client also offered, else (a client that names
 * no app protocol) the first bare draft it offered, which leads to the legacy SETUP handshake when `alpns` includes
 * `moql`. Returns "" when the client offered nothing (upgrade without one: legacy SETUP too) and undefined when it
 * offered only protocols we do not speak: refuse that upgrade with HTTP 400.
 */
export function selectWebSocketProtocol(
	offered: string | readonly string[] | null | undefined,
	alpns: readonly string[] = MOQ_ALPNS,
): string | undefined {
	const list = typeof offered === "string" ? offered.split(",") : (offered ?? []);
	const client = new Set(list.map((p) => p.trim()).filter((p) => p !== ""));
	if (client.size === 0) return "";
	const pair = offeredSubprotocols(alpns).find((p) => client.has(p));
	if (pair !== undefined || !alpns.includes(LEGACY_ALPN)) return pair;
	return BARE.find((p) => client.has(p));
}

/** The moq ALPN inside a wire subprotocol ("qmux-02.moq-lite-05" → "moq-lite-05"); "" when it carries none. */
export function alpnOf(subprotocol: string): string {
	const draft = QMUX_DRAFTS.find((d) => subprotocol.startsWith(`${d}.`));
	return draft ? subprotocol.slice(draft.length + 1) : "";
}
