// How the HTTP side answers: a one-line text body with its status; HttpError carries one up to the handler.
import type { ServerResponse } from "node:http";

/** A request we answer with `status` and `message` (one line of text). */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

export function text(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", ...headers }).end(body.endsWith("\n") ? body : `${body}\n`);
}

/** A percent-encoded URL part, or HttpError 400. */
export function decode(part: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw new HttpError(400, `malformed percent-encoding in ${JSON.stringify(part.slice(0, 200))}`);
	}
}
