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
