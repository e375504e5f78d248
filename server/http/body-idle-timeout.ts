// A request body that stops arriving is cut: after `idleMs` without a byte from the client while its
// body is still expected, the answer is 408 REQUEST_TIMEOUT and the connection is closed, so whatever
// reads the body sees it aborted (a scan upload deletes its partial file, upload-stream.ts).
//
// This replaces Node's own limit on the whole request (server.requestTimeout, 5 minutes by default,
// turned off in start.ts): a 200 MB scan sent over a school's 5 Mbit/s uplink takes longer than that
// and is not at fault, while a client that went silent (a laptop put to sleep, a half-open
// connection, a cancelled upload whose connection lingers) holds a file open for nothing. The same
// rule as nginx's client_body_timeout (60 s) in front of the nodes in production.
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError } from "../errors/app-error.ts";
import { errorBody } from "./error-handler.ts";

const expectsBody = (req: IncomingMessage) => req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;

export function bodyIdleTimeout(idleMs: number, log: Logger): RequestHandler {
  return (req, res, next) => {
    if (idleMs <= 0 || req.complete || !expectsBody(req)) return next();
    const socket = req.socket;
    const onIdle = () => {
      if (req.complete) return done();
      const err = new AppError("REQUEST_TIMEOUT", `The request body stopped arriving: nothing received for ${Math.round(idleMs / 1000)} s`);
      log.warn({ reqId: req.id, url: req.originalUrl, received: socket.bytesRead, idleMs }, "request body idle: connection closed");
      // The request is destroyed, not only its socket: once an answer is sent, Node no longer
      // aborts the request when its connection closes, and a reader of the body would wait forever.
      // The client sends nothing and may read nothing: the answer goes out if it can, and the
      // connection closes at the latest a second later.
      const cut = () => req.destroy();
      if (res.headersSent) return cut();
      res.writeHead(err.status, { "content-type": "application/json; charset=utf-8", connection: "close" }).end(JSON.stringify(errorBody(err)), cut);
      setTimeout(cut, 1_000).unref();
    };
    const done = () => {
      req.off("timeout", onIdle);
      req.off("end", done);
      req.off("close", done);
      // no limit while the answer is being prepared (an upload's checks), as before the body; an
      // answer already sent (a refusal before the body was read) left Node's keep-alive limit
      if (!socket.destroyed && !res.writableFinished) socket.setTimeout(0);
    };
    req.setTimeout(idleMs, onIdle);
    req.once("end", done);
    req.once("close", done);
    next();
  };
}
