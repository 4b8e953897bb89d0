// Client side: dial a moq server over WebSocket with QMux framing. Uses the runtime's WebSocket (browsers, Deno,
// workerd, Node >= 22) and loads `ws` only on runtimes without one (Node 20), by a dynamic import that bundlers
// leave alone, so browser bundles never contain it.
import { TransportError } from "../../error.js";
import { requireProtocol } from "../negotiate.js";
import { QmuxConnection } from "../qmux/connection.js";
import type { WebSocketLike } from "../qmux/socket.js";
import { wireOf } from "../qmux/wire.js";
import { alpnOf, MOQ_ALPNS, offeredSubprotocols } from "./subprotocol.js";
import { WebSocketTransport } from "./transport.js";

export interface ConnectWebSocketOptions {
	/** moq ALPNs to offer, most preferred first. Default: moq-lite-05, -04, -03. */
	protocols?: readonly string[];
	/** Aborts the connection attempt (not an established session). */
	signal?: AbortSignal;
}

/** A plain WebSocket (not a WebSocketStream), which also dispatches events to added listeners. */
type DialedSocket = WebSocketLike & EventTarget & { readonly protocol: string };
type Dial = (url: string, protocols: string[]) => DialedSocket;

/** A variable, not a literal, so bundlers do not follow the import into browser builds. */
const WS_MODULE = "ws";

async function dialer(): Promise<Dial> {
	const native = (globalThis as { WebSocket?: new (url: string, protocols: string[]) => DialedSocket }).WebSocket;
	if (native) return (url, protocols) => new native(url, protocols);
	const { WebSocket } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ WS_MODULE)) as typeof import("ws");
	// `ws` offers permessage-deflate by default: CPU spent on media, which does not compress.
	return (url, protocols) => new WebSocket(url, protocols, { perMessageDeflate: false }) as unknown as DialedSocket;
}

/** `http(s):` → `ws(s):`; `ws(s):` as is. */
function webSocketUrl(url: string | URL): string {
	const u = new URL(url);
	if (u.protocol === "https:") u.protocol = "wss:";
	else if (u.protocol === "http:") u.protocol = "ws:";
	else if (u.protocol !== "ws:" && u.protocol !== "wss:") throw new TransportError(`cannot dial a WebSocket to ${u.href}`);
	return u.href;
}

/**
 * Opens a QMux session to `url` and resolves once it is ready. Fails with a TransportError when the connection
 * or upgrade fails (a moq server refuses an upgrade offering none of its protocols with HTTP 400), and with an
 * UnknownAlpnError when the server accepted without picking one of our ALPNs.
 */
export async function connectWebSocket(url: string | URL, options: ConnectWebSocketOptions = {}): Promise<WebSocketTransport> {
	const { signal } = options;
	signal?.throwIfAborted();
	const alpns = options.protocols ?? MOQ_ALPNS;
	const target = webSocketUrl(url);
	const offered = offeredSubprotocols(alpns);
	const dial = await dialer();
	signal?.throwIfAborted();
	const socket = dial(target, offered);
	// The socket's error event says why (e.g. `ws`: "Unexpected server response: 400").
	let failure: unknown;
	socket.addEventListener("error", (e) => void (failure ??= (e as { error?: unknown }).error));
	const onAbort = () => socket.close();
	signal?.addEventListener("abort", onAbort, { once: true });
	let transport: WebSocketTransport;
	try {
		// The connection is built in the open event itself: the server's first message may follow right after it,
		// and the wire draft is only known from the protocol the server picked.
		transport = await new Promise<WebSocketTransport>((resolve, reject) => {
			socket.addEventListener("open", () => {
				const conn = new QmuxConnection(socket, wireOf(socket.protocol), "client");
				resolve(new WebSocketTransport(conn, alpnOf(socket.protocol)));
			});
			socket.addEventListener("close", () => reject(new Error("connection failed")));
		});
		await transport.ready;
	} catch (err) {
		signal?.throwIfAborted();
		const why = failure instanceof Error ? failure.message : "connection failed";
		throw new TransportError(`WebSocket to ${target} failed: ${why} (offered ${offered.join(", ")})`, {
			cause: failure ?? err,
		});
	} finally {
		signal?.removeEventListener("abort", onAbort);
	}
	if (signal?.aborted) {
		transport.close();
		throw signal.reason;
	}
	// A browser accepts a server that answers without a subprotocol; we cannot speak moq to it.
	return requireProtocol(transport, alpns, socket.protocol);
}
