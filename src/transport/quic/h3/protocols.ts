// WebTransport subprotocol negotiation (draft-ietf-webtrans-http3 §3.3): the client lists its protocols in
// `wt-available-protocols` as a structured-field List of Strings (RFC 8941), the server answers the one it picked in
// `wt-protocol` as a String Item. Chromium reports the pick as WebTransport.protocol only when it is quoted.

/** An RFC 8941 sf-string: printable ASCII, with `"` and `\` escaped. */
export function sfString(value: string): string {
	if (!/^[\x20-\x7e]*$/.test(value)) throw new TypeError(`not a structured-field string: ${JSON.stringify(value)}`);
	return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function sfStringList(values: readonly string[]): string {
	return values.map(sfString).join(", ");
}

/**
 * The strings of an sf-list (members may carry parameters, which we ignore); tokens are accepted too, as some
 * clients send bare ALPN tokens. Returns undefined when the field does not parse.
 */
export function parseSfList(field: string): string[] | undefined {
	const out: string[] = [];
	let i = 0;
	const skipSpace = () => {
		while (field[i] === " " || field[i] === "\t") i++;
	};
	skipSpace();
	while (i < field.length) {
		let item = "";
		if (field[i] === '"') {
			for (i++; ; i++) {
				const c = field[i];
				if (c === undefined) return undefined;
				if (c === '"') break;
				if (c === "\\") {
					const next = field[++i];
					if (next !== '"' && next !== "\\") return undefined;
					item += next;
				} else item += c;
			}
			i++;
		} else {
			const token = /^[A-Za-z*][\w:/!#$%&'*+\-.^`|~]*/.exec(field.slice(i))?.[0];
			if (!token) return undefined;
			item = token;
			i += token.length;
		}
		// Parameters (";key=value") carry nothing we use.
		while (field[i] === ";") {
			const param = /^;\s*[a-z*][a-z0-9_\-.*]*(=("([^"\\]|\\.)*"|[^;,\s]*))?/.exec(field.slice(i))?.[0];
			if (!param) return undefined;
			i += param.length;
		}
		out.push(item);
		skipSpace();
		if (i >= field.length) break;
		if (field[i] !== ",") return undefined;
		i++;
		skipSpace();
	}
	return out;
}

/** The string of an sf-item (String or Token), or undefined. */
export function parseSfItem(field: string): string | undefined {
	const list = parseSfList(field.trim());
	return list?.length === 1 ? list[0] : undefined;
}

/** Our most preferred protocol that the client offered; undefined when there is none in common. */
export function selectProtocol(offered: readonly string[], ours: readonly string[]): string | undefined {
	return ours.find((p) => offered.includes(p));
}
