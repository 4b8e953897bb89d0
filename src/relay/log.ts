// The relay's log: one line per event on stderr, filtered by level (--log-level).
export const LEVELS = ["error", "warn", "info", "debug"] as const;
export type Level = (typeof LEVELS)[number];

export interface Logger {
	error(message: string): void;
	warn(message: string): void;
	info(message: string): void;
	debug(message: string): void;
}

export function parseLevel(text: string): Level {
	if ((LEVELS as readonly string[]).includes(text)) return text as Level;
	throw new RangeError(`log level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(text)}`);
}

/** Writes lines at `level` and above to `write` (default stderr). */
export function createLogger(level: Level = "info", write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
	const at = LEVELS.indexOf(level);
	const emit = (l: Level) => (LEVELS.indexOf(l) <= at ? (message: string) => write(`${l.toUpperCase().padEnd(5)} ${message}`) : () => {});
	return { error: emit("error"), warn: emit("warn"), info: emit("info"), debug: emit("debug") };
}

/** Drops everything: the library default, so embedding `listen()` prints nothing unasked. */
export const SILENT: Logger = createLogger("error", () => {});
