// The relay's HTTP side (same TCP port as WebSocket): /health, /certificate.sha256, /fetch/<broadcast>/<track>,
// /announced[/<prefix>], /metrics and an optional page. Answers in words and codes: 400 bad input, 404 missing,
// 405 method, 413 body; nothing a client sends escapes this handler. CORS only where browsers on other origins
// are meant to read (/fetch, /certificate.sha256).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OriginProducer } from "../model/index.js";
import type { Limits } from "../relay/limits.js";
import type { Logger } from "../relay/log.js";
import { BoundsExceededError } from "../error.js";
import { announcedNow } from "../relay/announced.js";
import { Auth, tokenOf } from "../relay/auth.js";
import { AuthError } from "../relay/authorize.js";
import type { Grant } from "../relay/grant.js";
import type { Metrics } from "../relay/metrics.js";
import { covered } from "../relay/relay.js";
import { decode, HttpError, text } from "./http-answer.js";
import { fetchTarget, serveFetch } from "./http-fetch.js";

export interface Page {
	html: string;
	script: string;
	wasm: Uint8Array;
}

export interface HttpContext {
	readonly origin: OriginProducer;
	readonly page: Page | undefined;
	readonly certificateHash: string | undefined;
	readonly log: Logger;
	readonly limits: Limits;
	readonly auth: Auth;
	readonly metrics: Metrics;
}

/** The request's path, or HttpError 400 when its URL does not parse (`//`, `http://[`, ...). */
export function requestUrl(req: IncomingMessage): URL {
	const raw = req.url ?? "/";
	try {
		// Origin-form only: "//x" would read as an authority, "x" has no path.
		if (!raw.startsWith("/") || raw.startsWith("//")) throw new TypeError();
		return new URL(`http://relay${raw}`);
	} catch {
		throw new HttpError(400, `malformed request URL ${JSON.stringify(raw.slice(0, 200))}`);
	}
}

const CORS = { "Access-Control-Allow-Origin": "*" };

/** The grant of a request at `path`, or HttpError 401 (or 400 for a path that is too long). */
async function granted(auth: Auth, path: string, url: URL): Promise<Grant> {
	try {
		return await auth.grant(path, tokenOf(url));
	} catch (err) {
		if (err instanceof AuthError) throw new HttpError(err.status, err.message);
		if (err instanceof BoundsExceededError) throw new HttpError(400, err.message);
		throw err;
	}
}

export function handleRequest(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): void {
	route(ctx, req, res).catch((err: unknown) => {
		const status = err instanceof HttpError ? err.status : 500;
		if (status === 500) ctx.log.error(`HTTP ${req.method} ${req.url}: ${(err as Error).stack ?? err}`);
		if (!res.headersSent) text(res, status, (err as Error).message, err instanceof HttpError ? err.headers : {});
		else res.destroy();
	});
}

async function route(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = requestUrl(req);
	const path = url.pathname;
	if (req.method !== "GET" && req.method !== "HEAD") {
		throw new HttpError(405, `method ${req.method} is not allowed; use GET`, { Allow: "GET, HEAD" });
	}
	const length = Number(req.headers["content-length"] ?? 0);
	if (length > 0 || req.headers["transfer-encoding"] !== undefined) throw new HttpError(413, "request bodies are not accepted");
	if (path === "/health") return text(res, 200, "ok");
	if (path === "/certificate.sha256") {
		// Dev clients on other origins fetch the hash before dialing; nothing here is secret.
		if (!ctx.certificateHash) return text(res, 404, "no certificate", CORS);
		// Bare hex, as the reference relay serves it.
		res.writeHead(200, { "Content-Type": "text/plain", ...CORS }).end(ctx.certificateHash);
		return;
	}
	if (path === "/fetch" || path.startsWith("/fetch/")) {
		for (const [k, v] of Object.entries(CORS)) res.setHeader(k, v);
		res.once("close", () => ctx.metrics.fetches.inc({ status: String(res.statusCode) }));
		const target = fetchTarget(path);
		if (!target) throw new HttpError(400, "usage: /fetch/<broadcast>/<track>?group=<n|latest>");
		// The broadcast is the auth path: the grant must cover all of it (relay-ops.md §3).
		const grant = await granted(ctx.auth, target.broadcast, url);
		if (!grant.subscribe.includes("")) throw new HttpError(401, `no subscribe grant for broadcast ${target.broadcast}`);
		return serveFetch(ctx.origin.consume(), url, res, target, ctx.limits.httpFetchTimeout, ctx.limits.httpFetches);
	}
	if (path === "/announced" || path.startsWith("/announced/")) {
		const prefix = decode(path.slice("/announced".length));
		const grant = await granted(ctx.auth, prefix, url);
		if (!grant.subscribe.length) throw new HttpError(401, `no subscribe grant under ${JSON.stringify(prefix)}`);
		const paths = (await announcedNow(ctx.origin.consume().withRoot(grant.root))).filter((p) => covered(grant.subscribe, p));
		res.writeHead(200, { "Content-Type": "application/json" }).end(`${JSON.stringify(paths)}\n`);
		return;
	}
	if (path === "/metrics") {
		const body = await ctx.metrics.registry.metrics();
		res.writeHead(200, { "Content-Type": ctx.metrics.registry.contentType }).end(body);
		return;
	}
	if (ctx.page && (path === "/" || path === "/demo.js" || path === "/moqwire.wasm")) {
		const { html, script, wasm } = ctx.page;
		if (path === "/") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
		else if (path === "/demo.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
		else res.writeHead(200, { "Content-Type": "application/wasm" }).end(wasm);
		return;
	}
	throw new HttpError(404, `nothing at ${path}`);
}
