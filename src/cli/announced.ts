// `moqwire announced URL [PREFIX]`: the broadcasts a relay announces under PREFIX, "+ path" as they come and
// "- path" as they go, until SIGINT/SIGTERM.
import { OriginProducer } from "../model/index.js";
import type { Command } from "./args.js";
import { CLIENT_OPTIONS, openSession, refusal } from "./client.js";

export const announcedCommand: Command = {
	name: "announced",
	args: "URL [PREFIX]",
	summary: "print the broadcasts a relay announces (+ path / - path) until interrupted",
	options: CLIENT_OPTIONS,
	async run(values, [url, prefix = ""]) {
		const origin = new OriginProducer();
		const session = await openSession(values, url!, { subscribe: origin, announcePrefix: prefix });
		const announced = origin.consume().announced(prefix);
		const stop = () => announced.close();
		process.once("SIGINT", stop);
		process.once("SIGTERM", stop);
		void session.closed.then(stop);
		try {
			for await (const a of announced) console.log(`${a.broadcast ? "+" : "-"} ${a.path}`);
			const refused = await refusal(session);
			if (refused) throw refused;
			return 0;
		} finally {
			process.off("SIGINT", stop);
			process.off("SIGTERM", stop);
			session.close();
		}
	},
};
