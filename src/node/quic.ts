// QUIC is optional: @matrixai/quic ships a native addon per platform, and where none loads (no binary published
// for it, too old a glibc) the relay serves and dials WebSocket only instead of failing to start.
type QuicModule = typeof import("../transport/quic/index.js");

let loaded: Promise<QuicModule | Error> | undefined;

/** The QUIC module, or the Error saying why it cannot load here (memoized). */
export function loadQuic(): Promise<QuicModule | Error> {
	loaded ??= import("../transport/quic/index.js").catch((err: unknown) => new Error(`QUIC is unavailable here: ${(err as Error).message.split("\n")[0]}`));
	return loaded;
}
