// QUIC is optional: @matrixai/quic ships a native addon per platform, and where none loads (no binary published
// for it, too old a glibc) the relay serves and dials WebSocket only instead of failing to start.
import type { ConnectQuicOptions } from "../transport/quic/client.js";
import type { QuicServer, ServeQuicOptions } from "../transport/quic/server.js";
import type { QuicTransport } from "../transport/quic/transport.js";

export interface QuicModule {
	serveQuic(options: ServeQuicOptions): Promise<QuicServer>;
	connectQuic(url: string | URL, options?: ConnectQuicOptions): Promise<QuicTransport>;
}

let loaded: Promise<QuicModule | Error> | undefined;

/** Our QUIC server and client with the library under them, or the Error saying why they cannot load (memoized). */
export function loadQuic(): Promise<QuicModule | Error> {
	loaded ??= Promise.all([import("../transport/quic/server.js"), import("../transport/quic/client.js")]).then(
		([server, client]) => ({ serveQuic: server.serveQuic, connectQuic: client.connectQuic }),
		(err: unknown) => new Error(`QUIC is unavailable here: ${(err as Error).message.split("\n")[0]}`),
	);
	return loaded;
}
