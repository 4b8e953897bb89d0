// Importing @matrixai/quic costs 250-370 ms of start-up: our QUIC client and server (and the library under them)
// load at the first QUIC connect or serve, so a process that never uses QUIC never pays for it.
import type { ConnectQuicOptions } from "./client.js";
import type { QuicServer, ServeQuicOptions } from "./server.js";
import type { QuicTransport } from "./transport.js";

/** See ./server.ts serveQuic. */
export async function serveQuic(options: ServeQuicOptions): Promise<QuicServer> {
	return (await import("./server.js")).serveQuic(options);
}

/** See ./client.ts connectQuic. */
export async function connectQuic(url: string | URL, options?: ConnectQuicOptions): Promise<QuicTransport> {
	return (await import("./client.js")).connectQuic(url, options);
}
