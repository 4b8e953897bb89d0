// Session entry points. The version comes from the negotiated subprotocol/ALPN, or, for `moql` and no protocol,
// from the legacy SETUP handshake; URL dialing is a seam (`dial`) that the WebTransport/WebSocket dialers plug into.
import { MoqError } from "../error.js";
import type { Transport } from "../transport/types.js";
import { connect as race } from "../transport/webtransport/race.js";
import { type SessionOptions, sessionEngine } from "./options.js";
import { Session } from "./session.js";
import { handshake } from "./session-limits.js";
import { legacyHandshake } from "./legacy.js";
import { isLegacyProtocol, versionFromProtocol } from "./version.js";
import { MOQ_ALPNS } from "../transport/negotiate.js";

/** Opens a transport to `url`, offering `protocols` (most preferred first). */
export type Dialer = (url: URL, protocols: readonly string[], signal?: AbortSignal) => Promise<Transport>;

export interface ConnectOptions extends SessionOptions {
	/** How to reach a URL. Default: WebTransport where the runtime has it, WebSocket (QMux) after a short head start. */
	dial?: Dialer;
	signal?: AbortSignal;
}

/** Server side: runs a session over an accepted transport. */
export async function accept(transport: Transport, options: SessionOptions = {}): Promise<Session> {
	return start(transport, options, false);
}

const defaultDial: Dialer = (url, protocols, signal) => race(url, { protocols, signal });

/** Client side: over an established transport, or a URL reached through `options.dial`. */
export async function connect(target: Transport | URL | string, options: ConnectOptions = {}): Promise<Session> {
	if (typeof target !== "string" && !(target instanceof URL)) return start(target, options, true);
	const transport = await (options.dial ?? defaultDial)(new URL(target), MOQ_ALPNS, options.signal);
	return start(transport, options, true);
}

async function start(transport: Transport, options: SessionOptions, client: boolean): Promise<Session> {
	await handshake(transport, options.limits?.handshakeTimeout);
	if (isLegacyProtocol(transport.protocol)) {
		const { version, stream } = await legacyHandshake(transport, client, options.limits?.handshakeTimeout, sessionEngine(options));
		return new Session(transport, version, options, client, stream);
	}
	let version;
	try {
		version = versionFromProtocol(transport.protocol);
	} catch (err) {
		if (err instanceof MoqError) transport.close({ closeCode: err.sessionCode, reason: err.message });
		throw err;
	}
	return new Session(transport, version, options, client);
}
