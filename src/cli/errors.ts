// Errors in words for the command line: a wire code becomes its name ("(Unroutable, 30)"), a failed dial names
// the host and the transports tried, never the subprotocol lists.
import { ErrorCode, MoqError, UnauthorizedError } from "../error.js";

const NAMES = new Map<number, string>(Object.entries(ErrorCode).map(([name, code]) => [code, name]));

/** "Unroutable, 30" for a wire code. */
export function codeName(code: number): string {
	return `${NAMES.get(code) ?? "Application"}, ${code}`;
}

export function describeError(err: unknown): string {
	if (err instanceof MoqError) return `${err.message} (${codeName(err.code)})`;
	return err instanceof Error ? err.message : String(err);
}

/** What a subscribe/fetch that the relay reset with `err` means for `broadcast`. */
export function explainRemote(err: unknown, broadcast: string): unknown {
	if (!(err instanceof MoqError)) return err;
	if (err.code === ErrorCode.Unroutable) return new MoqError(err.code, `broadcast ${broadcast} is not announced on the relay`);
	if (err.code === ErrorCode.NotFound) return new MoqError(err.code, `not found in broadcast ${broadcast}`);
	if (err instanceof UnauthorizedError) return new MoqError(err.code, `the relay refused the token for ${broadcast}`);
	return err;
}
