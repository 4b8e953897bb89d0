// What every client subcommand shares: --jwt and --fingerprint, one session to the URL, and a failed dial in words
// ("cannot reach HOST over WebTransport or WebSocket"), never the transports' own error lists.
import { SessionCode } from "../error.js";
import { connect } from "../lite/connect.js";
import type { SessionOptions } from "../lite/options.js";
import type { Session } from "../lite/session.js";
import { nodeDialer } from "../node/dial.js";
import { type Options, str, UsageError, type Values } from "./args.js";

export const CLIENT_OPTIONS: Options = {
	jwt: { type: "string", value: "TOKEN", description: "token for the relay (sent as ?jwt=)" },
	fingerprint: { type: "string", value: "SHA256", description: "trust a self-signed server whose certificate has this SHA-256 (hex)" },
};

/** A failed dial, said plainly. */
export class DialError extends Error {}

/** The HTTP status a refused WebSocket upgrade reported, if the failure carries one. */
function httpStatus(err: unknown): string | undefined {
	for (let e: unknown = err; e instanceof Error; e = e.cause) {
		const m = /\b(40[0-9]|50[0-9])\b/.exec(e.message);
		if (m) return m[1];
	}
	return undefined;
}

/** Why a session the relay closed ended, in words, when the relay refused it (QUIC refusals are closes). */
export async function refusal(session: Session | undefined): Promise<DialError | undefined> {
	if (!session?.isClosed) return undefined;
	const why = await session.closed;
	if (why.sessionCode !== SessionCode.Unauthorized) return undefined;
	return new DialError(`the relay refused the session as unauthorized (no token, or a bad or expired one)`);
}

export async function openSession(values: Values, url: string, options: SessionOptions): Promise<Session> {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		throw new UsageError(`not a URL: ${JSON.stringify(url)} (e.g. http://127.0.0.1:4443/)`);
	}
	const jwt = str(values, "jwt");
	if (jwt) target.searchParams.set("jwt", jwt);
	const fingerprint = str(values, "fingerprint");
	if (fingerprint !== undefined && !/^[0-9a-fA-F:]{64,95}$/.test(fingerprint)) throw new UsageError(`--fingerprint wants a SHA-256 in hex, got ${JSON.stringify(fingerprint)}`);
	const dial = nodeDialer(fingerprint ? [{ algorithm: "sha-256", value: fingerprint }] : []);
	try {
		return await connect(target, { ...options, dial, signal: AbortSignal.timeout(10_000) });
	} catch (err) {
		const over = target.protocol === "moql:" ? "raw QUIC" : "WebTransport or WebSocket";
		const status = httpStatus(err);
		throw new DialError(`cannot reach ${target.host} over ${over}${status ? ` (the relay answered HTTP ${status})` : ""}`);
	}
}
