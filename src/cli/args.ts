// Strict argument parsing for every subcommand (node:util parseArgs): unknown options, options missing their
// value and stray arguments are a UsageError (one line, exit 2); -h/--help is on every command.
import { parseArgs } from "node:util";

export type OptionSpec = { type: "string" | "boolean"; short?: string; multiple?: boolean; description: string; value?: string };
export type Options = Record<string, OptionSpec>;

export interface Command {
	readonly name: string;
	/** One line for the command list. */
	readonly summary: string;
	/** Positional arguments, e.g. "URL BROADCAST TRACK [GROUP]"; "[...]" marks optional ones. */
	readonly args: string;
	readonly options: Options;
	run(values: Values, positionals: string[]): Promise<number>;
}

export type Values = Record<string, string | boolean | string[] | undefined>;

/** A misused command line: reported as one line, exit code 2. */
export class UsageError extends Error {}

const HELP: OptionSpec = { type: "boolean", short: "h", description: "show this help" };

function arity(args: string): { min: number; max: number } {
	const words = args.split(/\s+/).filter(Boolean);
	if (words.some((w) => w.includes("..."))) return { min: words.filter((w) => !w.startsWith("[")).length, max: Infinity };
	return { min: words.filter((w) => !w.startsWith("[")).length, max: words.length };
}

/** Parses `argv` for `command`; undefined values when --help was asked (print usage, exit 0). */
export function parse(command: Command, argv: string[]): { help: true } | { help: false; values: Values; positionals: string[] } {
	const options: Options = { ...command.options, help: HELP };
	const { values, positionals, tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
	if (values.help === true) return { help: true };
	const where = `moqwire ${command.name}`;
	for (const t of tokens) {
		if (t.kind !== "option") continue;
		const spec = options[t.name];
		if (!spec) throw new UsageError(`${where}: unknown option ${t.rawName} (see ${where} --help)`);
		if (spec.type === "boolean" && t.value !== undefined) throw new UsageError(`${where}: ${t.rawName} takes no value`);
		if (spec.type === "string" && (t.value === undefined || (!t.inlineValue && t.value.startsWith("-") && t.value.length > 1))) {
			throw new UsageError(`${where}: ${t.rawName} needs a value`);
		}
	}
	const { min, max } = arity(command.args);
	if (positionals.length < min) throw new UsageError(`${where}: missing arguments; usage: ${where} ${command.args}`);
	if (positionals.length > max) throw new UsageError(`${where}: unexpected argument ${JSON.stringify(positionals[max])}; usage: ${where} ${command.args}`);
	return { help: false, values: values as Values, positionals };
}

export function usage(command: Command): string {
	const lines = [`usage: moqwire ${command.name} ${command.args} [options]`.replace(/\s+/g, " "), "", command.summary, "", "options:"];
	const entries = Object.entries({ ...command.options, help: HELP });
	const left = entries.map(([name, o]) => `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`);
	const width = Math.max(...left.map((l) => l.length)) + 2;
	entries.forEach(([, o], i) => lines.push(`  ${left[i]!.padEnd(width)}${o.description}`));
	return lines.join("\n");
}

/** The one string value of an option (the last one given wins). */
export function str(values: Values, name: string): string | undefined {
	const v = values[name];
	return Array.isArray(v) ? v[v.length - 1] : typeof v === "string" ? v : undefined;
}

/** Every value of a repeatable option. */
export function list(values: Values, name: string): string[] {
	const v = values[name];
	return Array.isArray(v) ? v : typeof v === "string" ? [v] : [];
}
