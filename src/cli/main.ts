#!/usr/bin/env node
// The `moqwire` command line: one strict parser (./args.ts) in front of every subcommand.
import "../entry/node.js";
import { readFileSync } from "node:fs";
import { type Command, parse, UsageError, usage } from "./args.js";
import { decodeCommand, encodeCommand } from "./hex.js";
import { describeError } from "./errors.js";
import { relayCommand, serveCommand } from "./relay.js";
import { tokenGenerateCommand, tokenSignCommand, tokenVerifyCommand } from "./token.js";
import { announcedCommand } from "./announced.js";
import { publishCommand } from "./publish.js";
import { fetchCommand, watchCommand } from "./watch.js";

const COMMANDS: readonly Command[] = [
	relayCommand,
	serveCommand,
	publishCommand,
	watchCommand,
	fetchCommand,
	announcedCommand,
	tokenGenerateCommand,
	tokenSignCommand,
	tokenVerifyCommand,
	encodeCommand,
	decodeCommand,
];

function version(): string {
	// dist/cli.js sits beside the package's package.json's dist/ folder.
	return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

function overview(): string {
	const width = Math.max(...COMMANDS.map((c) => c.name.length + c.args.length)) + 3;
	return [
		"moqwire — moq-lite (Media over QUIC) relay and tools",
		"",
		...COMMANDS.map((c) => `  moqwire ${`${c.name} ${c.args}`.padEnd(width)}${c.summary}`),
		"",
		"  moqwire COMMAND --help     options of one command",
		"  moqwire --version          the version",
	].join("\n");
}

// Piped into `head` and the like: a closed stdout ends the command quietly.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
	if (err.code === "EPIPE") process.exit(0);
	throw err;
});

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === "help" || name === "--help" || name === "-h") {
		console.log(overview());
		return 0;
	}
	if (name === "--version" || name === "-V") {
		console.log(version());
		return 0;
	}
	// Two-word commands ("token sign") first.
	const command = COMMANDS.find((c) => c.name === `${name} ${rest[0]}`) ?? COMMANDS.find((c) => c.name === name);
	if (!command) {
		const what = COMMANDS.some((c) => c.name.startsWith(`${name} `)) ? `${name} ${rest[0] ?? ""}`.trim() : name;
		throw new UsageError(`moqwire: unknown command ${JSON.stringify(what)} (see moqwire --help)`);
	}
	const parsed = parse(command, command.name.includes(" ") ? rest.slice(1) : rest);
	if (parsed.help) {
		console.log(usage(command));
		return 0;
	}
	return command.run(parsed.values, parsed.positionals).catch((err: unknown) => {
		// Commands report misuse in their own words; the line names the command.
		if (err instanceof UsageError && !err.message.startsWith("moqwire")) throw new UsageError(`moqwire ${command.name}: ${err.message}`);
		throw err;
	});
}

main(process.argv.slice(2)).then(
	(code) => (process.exitCode = code),
	(err: unknown) => {
		console.error(err instanceof UsageError ? err.message : `error: ${describeError(err)}`);
		process.exitCode = err instanceof UsageError ? 2 : 1;
	},
);
