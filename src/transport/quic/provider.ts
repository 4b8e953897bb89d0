// The QUIC provider seam: one serve/connect API over two implementations. @moq/web-transport (quinn, native) where
// its binary loads, which is far faster; otherwise our HTTP/3 layer over @matrixai/quic, which loads everywhere we
// run (the addon needs glibc >= 2.38). The choice is made once per process and logged. Raw QUIC (moql: URLs, moq
// ALPNs without HTTP/3) only exists in our layer, so it always goes there.
import { UnsupportedError } from "../../error.js";
import { MOQ_ALPNS, pathTest } from "../negotiate.js";
import type { Transport } from "../types.js";
import { certificateHash, generateCertificate } from "./certificate.js";
import type { ConnectQuicOptions } from "./client.js";
import type { ConnectRequest } from "./h3/request.js";
import * as addon from "./moq-web-transport.js";
import { connectQuic, serveQuic } from "./lazy.js";
import type { QuicServer, ServeQuicOptions } from "./server.js";

export type QuicProviderName = "@moq/web-transport" | "@matrixai/quic";

export interface ProviderServeOptions extends Omit<ServeQuicOptions, "onSession"> {
	onSession: (transport: Transport, request: ConnectRequest | undefined) => void;
}

export interface QuicProvider {
	readonly name: QuicProviderName;
	/** Why @moq/web-transport is not the provider, when it is not. */
	readonly fallbackReason?: string;
	serve(options: ProviderServeOptions): Promise<QuicServer>;
	connect(url: string | URL, options?: ConnectQuicOptions): Promise<Transport>;
}

const ours = (fallbackReason?: string): QuicProvider => ({
	name: "@matrixai/quic",
	...(fallbackReason ? { fallbackReason } : {}),
	serve: (options) => serveQuic(options),
	connect: (url, options) => connectQuic(url, options),
});

function native(napi: addon.Napi): QuicProvider {
	return {
		name: "@moq/web-transport",
		async serve(options) {
			if (options.raw) throw new UnsupportedError("raw QUIC is served by the @matrixai/quic provider only");
			const host = options.host ?? "127.0.0.1";
			const port = options.port || (await addon.freeUdpPort(host));
			const certificate = options.certificate ?? generateCertificate();
			const wanted = pathTest(options.path);
			const server = addon.serve(
				napi,
				`${host.includes(":") ? `[${host}]` : host}:${port}`,
				certificate,
				(url) => (wanted(url.pathname) ? undefined : 404),
				// The addon negotiates the subprotocol itself and exposes neither the offer nor the headers.
				(transport, url) => options.onSession(transport, { url, headers: new Map(), protocols: [] }),
			);
			return {
				host,
				port,
				certificateHash: certificateHash(certificate.cert),
				certificate: { cert: certificate.cert },
				close: async () => server.close(),
			};
		},
		async connect(url, options = {}) {
			const target = new URL(url);
			if (target.protocol === "moql:") return connectQuic(target, options);
			// Offer our versions by default, as connectQuic does (an empty list would negotiate nothing).
			return addon.connect(napi, target, options.protocols ?? MOQ_ALPNS, options.serverCertificateHashes ?? []);
		},
	};
}

let chosen: QuicProvider | undefined;

/**
 * The process's QUIC provider: @moq/web-transport when its binary loads, else @matrixai/quic. Logs the choice
 * (and why) once, through `log` (default console.info). `prefer: "@matrixai/quic"` skips the addon.
 */
export function quicProvider(options: { prefer?: QuicProviderName; log?: (message: string) => void } = {}): QuicProvider {
	if (options.prefer === "@matrixai/quic") return ours("@matrixai/quic preferred by the caller");
	if (!chosen) {
		const loaded = addon.load();
		chosen = "napi" in loaded ? native(loaded.napi) : ours(`@moq/web-transport unavailable: ${loaded.error}`);
		(options.log ?? console.info)(
			`moqwire: QUIC provider ${chosen.name}${chosen.fallbackReason ? ` (${chosen.fallbackReason})` : ""}`,
		);
	}
	return chosen;
}
