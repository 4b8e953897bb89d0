// `moqwire serve`: a Node endpoint on one port number publishing the demo clock, until SIGINT/SIGTERM.
import { existsSync, readFileSync } from "node:fs";
import { DEMO_HTML } from "../demo/html.js";
import { OriginProducer } from "../model/index.js";
import { publishClock } from "../node/demo-clock.js";
import { listen } from "../node/endpoint.js";

export async function serveCommand(bind: string | undefined, upstream: string | undefined): Promise<number> {
	// Listen for signals before announcing readiness, so a supervisor may stop us the moment we print.
	const stopped = new Promise<NodeJS.Signals>((resolve) => {
		process.once("SIGINT", resolve);
		process.once("SIGTERM", resolve);
	});
	const origin = new OriginProducer();
	const clock = publishClock(origin);
	// The browser viewer, built beside this file by `npm run build` (dist/demo.js).
	const script = new URL("./demo.js", import.meta.url);
	const page = existsSync(script)
		? { html: DEMO_HTML, script: readFileSync(script, "utf8"), wasm: readFileSync(new URL("./moqwire.wasm", import.meta.url)) }
		: undefined;
	const endpoint = await listen({
		bind,
		origin,
		...(upstream ? { upstream } : {}),
		...(page ? { page } : {}),
		onError: (err) => console.error(`session failed: ${(err as Error).message}`),
	}).catch((err: unknown) => {
		// Nothing may keep the process alive after a failed start (the clock's timer would).
		clock.stop();
		throw err;
	});
	const host = endpoint.host.includes(":") ? `[${endpoint.host}]` : endpoint.host;
	console.log(`moqwire serving moq-lite on ${host}:${endpoint.port}`);
	if (endpoint.certificateHash) {
		console.log(`  WebTransport:     https://${host}:${endpoint.port}/ (self-signed; pin http://${host}:${endpoint.port}/certificate.sha256)`);
		console.log(`  raw QUIC:         moql://${host}:${endpoint.port}/`);
	}
	console.log(`  WebSocket (qmux): ws://${host}:${endpoint.port}/`);
	console.log(`  demo broadcast:   demo/clock, track "seconds"`);
	console.log(`  HTTP fetch:       http://${host}:${endpoint.port}/fetch/demo/clock/seconds?group=latest`);
	if (page) console.log(`  browser viewer:   http://${host}:${endpoint.port}/`);
	if (upstream) console.log(`  upstream relay:   ${upstream}`);

	const signal = await stopped;
	console.log(`${signal}: shutting down`);
	clock.stop();
	await endpoint.close();
	return 0;
}
