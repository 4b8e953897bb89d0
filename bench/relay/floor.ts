// The floor for the fan-out bench: a bare `ws` server that sends each message from /pub to every socket on
// /sub. No framing of ours, no flow control, no dropping: what broadcasting over `ws` costs at minimum.
import { createServer } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";

const port = Number(process.argv[2]);
const http = createServer();
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, clientTracking: false });
const subscribers = new Set<WebSocket>();
wss.on("connection", (ws, req) => {
	if (req.url === "/pub") {
		ws.on("message", (data: Buffer) => {
			for (const s of subscribers) s.send(data, { binary: true });
		});
	} else {
		subscribers.add(ws);
		ws.on("close", () => subscribers.delete(ws));
	}
});
http.listen(port, "127.0.0.1");
