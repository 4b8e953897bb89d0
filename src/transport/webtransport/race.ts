// connect(): the transport choice users expect from moq clients (spec §1.3): WebTransport first, WebSocket (QMux)
// after a head start, first one ready wins and the other is closed. A URL where WebSocket won before skips the head
// start next time; where there is no WebTransport, WebSocket starts at once.
import { TransportError, UnsupportedError } from "../../error.js";
import type { Transport } from "../types.js";
import { connectWebSocket } from "../websocket/client.js";
import { connectWebTransport, hasWebTransport, type ConnectWebTransportOptions } from "./native.js";

export interface ConnectOptions extends ConnectWebTransportOptions {
	/** Dials WebTransport. Default: the runtime's own (none on Node: pass the Node QUIC client, e.g. `connectQuic`). */
	dialWebTransport?: (url: string | URL, options: ConnectWebTransportOptions) => Promise<Transport>;
	/** Head start WebTransport gets before WebSocket is tried, in ms. Default 500. */
	webSocketDelay?: number;
	/** false: WebTransport only. `url`: dial WebSocket elsewhere (default: the same URL, ws(s):). */
	webSocket?: false | { url?: string | URL };
}

/** URLs where WebSocket won the last race (module-wide, like the reference client's). */
const webSocketWon = new Set<string>();

const DEFAULT_DELAY_MS = 500;

/** Resolves after `ms`, or at once when `early` settles first; rejects when `signal` aborts. */
function headStart(ms: number, early: Promise<unknown>, signal: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(resolve, ms);
		void early.then(() => resolve(), () => resolve());
		signal.addEventListener(
			"abort",
			() => {
				clearTimeout(timer);
				reject(signal.reason);
			},
			{ once: true },
		);
	});
}

export async function connect(url: string | URL, options: ConnectOptions = {}): Promise<Transport> {
	const key = new URL(url).href;
	options.signal?.throwIfAborted();
	// Aborted by the caller's signal, and once a winner is known, so the other attempt gives up.
	const cancel = new AbortController();
	const onAbort = () => cancel.abort(options.signal?.reason);
	options.signal?.addEventListener("abort", onAbort, { once: true });
	const shared = { ...options, signal: cancel.signal };

	const attempts: Promise<{ transport: Transport; webSocket: boolean }>[] = [];
	let webTransportFailed: Promise<unknown> = Promise.resolve();
	const dial = options.dialWebTransport ?? (hasWebTransport() ? connectWebTransport : undefined);
	if (dial) {
		const attempt = dial(url, shared);
		attempts.push(attempt.then((transport) => ({ transport, webSocket: false })));
		webTransportFailed = attempt.then(() => new Promise(() => {}), () => undefined);
	}
	const { webSocket } = options;
	if (webSocket !== false) {
		const delay = !dial || webSocketWon.has(key) ? 0 : (options.webSocketDelay ?? DEFAULT_DELAY_MS);
		const attempt = headStart(delay, webTransportFailed, cancel.signal).then(() => connectWebSocket(webSocket?.url ?? url, shared));
		attempts.push(attempt.then((transport) => ({ transport, webSocket: true })));
	}
	if (!attempts.length) throw new UnsupportedError("no transport: this runtime has no WebTransport and WebSocket is disabled");

	let winner: { transport: Transport; webSocket: boolean };
	try {
		winner = await Promise.any(attempts);
	} catch (err) {
		options.signal?.throwIfAborted();
		const causes = (err as AggregateError).errors ?? [err];
		throw new TransportError(`cannot connect to ${key}: ${causes.map((e) => (e as Error).message).join("; ")}`, { cause: err });
	} finally {
		options.signal?.removeEventListener("abort", onAbort);
	}
	cancel.abort(new TransportError("another transport won the race"));
	// A loser that got ready at about the same time is closed as soon as it resolves.
	for (const attempt of attempts) void attempt.then(({ transport }) => transport !== winner.transport && transport.close(), () => {});
	if (winner.webSocket) webSocketWon.add(key);
	else webSocketWon.delete(key);
	return winner.transport;
}
