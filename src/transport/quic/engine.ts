// Raw QUIC from @matrixai/quic (quiche): listening and dialing with our configuration, certificate pinning and the
// library work-arounds of ./fixes.ts; each connection is handed on as a Link.
import { createHash, createHmac, randomBytes, randomFillSync, timingSafeEqual } from "node:crypto";
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { QUICClient, QUICServer, events } from "@matrixai/quic";
import { TransportError } from "../../error.js";
import { holdSplitInitials, ourSocket, started } from "./fixes.js";
import { Link } from "./link.js";
import { codeToReason, reasonToCode } from "./streams.js";

/** How long a dial waits for the handshake by default. */
const DIAL_TIMEOUT_MS = 10_000;

/** TLS bad_certificate (42) in QUIC's crypto error range. */
const BAD_CERTIFICATE = 0x100 + 42;

const BASE_CONFIG = {
	// One UDP packet per JS round trip is the library's cost; bigger reads at least halve the stream work.
	readableChunkSize: 64 * 1024,
	initialMaxStreamsBidi: 1000,
	initialMaxStreamsUni: 1000,
	maxIdleTimeout: 30_000,
	keepAliveIntervalTime: 10_000,
	enableDgram: [true, 1024, 1024] as [boolean, number, number],
};

/** The library's (quiche's) default UDP payload size, safe on any path. */
const SAFE_UDP_PAYLOAD = 1350;
/** The largest UDP payload: on loopback nothing fragments, and every packet costs a JS round trip, so bigger packets
 * are several times faster there. quiche never sends more than the peer advertises, so browsers still get theirs. */
const LOOPBACK_UDP_PAYLOAD = 65527;

function isLoopback(host: string): boolean {
	return host === "::1" || host === "localhost" || /^127\./.test(host);
}

function udpPayload(host: string) {
	const size = isLoopback(host) ? LOOPBACK_UDP_PAYLOAD : SAFE_UDP_PAYLOAD;
	return { maxSendUdpPayloadSize: size, maxRecvUdpPayloadSize: size };
}

export interface ListenOptions {
	host: string;
	port: number;
	cert: string;
	key: string;
	alpns: readonly string[];
	onConnection: (link: Link) => void;
}

export interface Listener {
	readonly host: string;
	readonly port: number;
	/** New handshakes use this certificate; live connections keep theirs. */
	setCertificate(cert: string, key: string): void;
	/** Closes every connection (code 0) and the socket. */
	close(): Promise<void>;
}

const hmac = (key: ArrayBuffer, data: ArrayBuffer) =>
	createHmac("sha256", Buffer.from(key)).update(Buffer.from(data)).digest();

export async function listen(options: ListenOptions): Promise<Listener> {
	const { socket, logger, registrations } = ourSocket();
	await socket.start({ host: options.host, port: options.port });
	const server = new QUICServer({
		socket,
		logger: logger as never,
		// HMAC over retry tokens and connection ids, with a key that lives as long as the server.
		crypto: {
			key: randomBytes(32).buffer as ArrayBuffer,
			ops: {
				sign: async (key, data) => {
					const mac = hmac(key, data);
					return mac.buffer.slice(mac.byteOffset, mac.byteOffset + mac.byteLength) as ArrayBuffer;
				},
				verify: async (key, data, sig) => {
					const mac = hmac(key, data);
					const given = Buffer.from(sig);
					return given.length === mac.length && timingSafeEqual(given, mac);
				},
			},
		},
		config: { ...BASE_CONFIG, ...udpPayload(options.host), key: options.key, cert: options.cert, applicationProtos: [...options.alpns], verifyPeer: false },
		reasonToCode,
		codeToReason,
	});
	holdSplitInitials(server, registrations);
	server.addEventListener(events.EventQUICServerConnection.name, (evt) => {
		const connection = (evt as events.EventQUICServerConnection).detail;
		const link = new Link(connection, (code, reason) =>
			connection.stop({ isApp: true, errorCode: code, reason: Buffer.from(reason), force: true }),
		);
		options.onConnection(link);
		started(connection);
	});
	await server.start({ host: options.host, port: options.port });
	return {
		host: socket.host,
		port: socket.port,
		setCertificate: (cert, key) => server.updateConfig({ cert, key }),
		close: async () => {
			await server.stop({ isApp: true, errorCode: 0, force: true });
			await socket.stop({ force: true });
		},
	};
}

export interface DialOptions {
	host: string;
	port: number;
	/** TLS server name (SNI); default the host. */
	serverName?: string;
	alpns: readonly string[];
	/** SHA-256 hashes of acceptable server certificates (DER). When absent, the certificate is verified against `ca`. */
	serverCertificateHashes?: readonly Uint8Array[];
	/** PEM CA certificates to verify the server with (when no hashes are given). */
	ca?: string;
	signal?: AbortSignal;
	/** How long the handshake may take, ms (default 10 000). Infinity leaves it to the QUIC idle timeout. */
	timeout?: number;
}

/** Accepts the server's leaf certificate when its SHA-256 is one of `hashes`. */
function pinned(hashes: readonly Uint8Array[]) {
	const wanted = new Set(hashes.map((h) => Buffer.from(h).toString("hex")));
	return async (certs: Uint8Array[]) => {
		const leaf = certs[0];
		const hash = leaf && createHash("sha256").update(leaf).digest("hex");
		return hash && wanted.has(hash) ? undefined : BAD_CERTIFICATE;
	};
}

export async function dial(options: DialOptions): Promise<Link> {
	options.signal?.throwIfAborted();
	const host = isIP(options.host) ? options.host : (await lookup(options.host)).address;
	const { socket, logger } = ourSocket();
	await socket.start({ host: isIP(host) === 6 ? "::" : "0.0.0.0", port: 0 });
	const hashes = options.serverCertificateHashes;
	try {
		options.signal?.throwIfAborted();
		const pending = QUICClient.createQUICClient(
			{
				host,
				port: options.port,
				serverName: options.serverName ?? options.host,
				socket,
				logger: logger as never,
				crypto: { ops: { // The library hands a Buffer despite its ArrayBuffer typing: fill it in place.
					randomBytes: async (data) => void randomFillSync(ArrayBuffer.isView(data) ? (data as unknown as Uint8Array) : new Uint8Array(data)) } },
				config: {
					...BASE_CONFIG,
					...udpPayload(host),
					applicationProtos: [...options.alpns],
					verifyPeer: true,
					...(hashes?.length ? { verifyCallback: pinned(hashes) } : {}),
					...(options.ca ? { ca: options.ca } : {}),
				},
				reasonToCode,
				codeToReason,
			},
			{ timer: options.timeout ?? DIAL_TIMEOUT_MS },
		);
		const abort = () => pending.cancel(options.signal?.reason);
		options.signal?.addEventListener("abort", abort, { once: true });
		const client = await pending.finally(() => options.signal?.removeEventListener("abort", abort));
		const link = new Link(
			client.connection,
			async (code, reason) => {
				await client.destroy({ isApp: true, errorCode: code, reason: Buffer.from(reason), force: true });
				await socket.stop({ force: true });
			},
			// However the connection ended (a peer-initiated close ends the client too), its socket goes with it. Always
			// called: stop() takes the socket's lock, so this also waits out a stop already under way.
			() => socket.stop({ force: true }),
		);
		started(client.connection);
		return link;
	} catch (err) {
		await socket.stop({ force: true }).catch(() => {});
		options.signal?.throwIfAborted();
		throw new TransportError(`QUIC connection to ${options.host}:${options.port} failed: ${(err as Error).message}`, {
			cause: err,
		});
	}
}
