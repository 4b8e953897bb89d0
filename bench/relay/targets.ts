// The relays the fan-out bench can drive, one row each. To add one (e.g. the Rust moq-relay), add an entry here
// or pass --relay-cmd/--relay-url/--relay-name: `command` starts it on `port` (the bench picks a free one),
// `url` is what the publisher and subscribers dial, `clients` says whether they speak moq-lite (our client) or
// plain WebSocket messages (the bare-`ws` floor).
import { PINS, binaryPath } from "../../scripts/rust-peer.mjs";

export type Transport = "ws" | "quic";
/** How the bench's moq subscribers are written: lean (bench/relay/lean.ts) or our full session + model. */
export type Client = "lean" | "session";

export interface Target {
	name: string;
	command(port: number): string[];
	url(port: number, transport: Transport): string;
	clients: "moq" | "ws";
	transports: readonly Transport[];
	/** Printed by the relay once it accepts connections; without it the bench polls the TCP port. */
	ready?: RegExp;
}

const node = process.execPath;
const rustRelay = PINS.find((p) => p.crate === "moq-relay")!;

export const TARGETS: Record<string, Target> = {
	/** Bare `ws` broadcast: each publisher message sent to every subscriber socket, nothing else. */
	floor: {
		name: "bare ws (floor)",
		command: (port) => [node, "build/bench/relay/floor.mjs", String(port)],
		url: (port) => `ws://127.0.0.1:${port}/`,
		clients: "ws",
		transports: ["ws"],
	},
	moqwire: {
		name: "moqwire relay",
		// Per-session log lines off: hundreds of viewers joining would measure the logger.
		command: (port) => [node, "dist/cli.js", "relay", "--bind", `127.0.0.1:${port}`, "--log-level", "warn"],
		url: (port, transport) => (transport === "quic" ? `moql://127.0.0.1:${port}/` : `http://127.0.0.1:${port}/`),
		clients: "moq",
		transports: ["ws", "quic"],
		ready: /moqwire serving/,
	},
	/** The Rust reference relay (`npm run rust-peer` builds it): WebSocket/QMux on the TCP port, anonymous access. */
	"moq-relay": {
		name: `moq-relay ${rustRelay.version} (Rust)`,
		command: (port) => [
			"env",
			`MOQ_WEB_HTTP_LISTEN=127.0.0.1:${port}`,
			binaryPath(rustRelay),
			...["--listen", `127.0.0.1:${port}`, "--listen-tls-generate", "localhost", "--auth-public", "**", "--log-level", "warn"],
		],
		url: (port) => `http://127.0.0.1:${port}/`,
		clients: "moq",
		transports: ["ws"],
	},
};

/** A row from the command line: `{port}` in the command and URL is replaced by the port. */
export function customTarget(name: string, command: string, url: string): Target {
	const fill = (s: string, port: number) => s.replaceAll("{port}", String(port));
	return {
		name,
		command: (port) => fill(command, port).split(/\s+/).filter(Boolean),
		url: (port) => fill(url, port),
		clients: "moq",
		transports: ["ws", "quic"],
	};
}
