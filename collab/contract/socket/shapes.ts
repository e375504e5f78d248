// Shapes the /grading events share (docs/protocol.md): binary fields, locks, presence, claims.
import { z } from "zod";
import { Id, IsoDateTime, Role } from "../common.ts";

/** One socket.io frame; larger frames close the connection (engine.io maxHttpBufferSize). */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Binary sent by a client: Yjs v1 encodings and awareness states. Node hands the server a Buffer
 * (a Uint8Array) from socket.io's binary attachments.
 */
export const bytes = (max: number, what: string) =>
  z
    .custom<Uint8Array>((v) => v instanceof Uint8Array, `${what} must be binary (Uint8Array / Buffer)`)
    .refine((b) => b.byteLength <= max, `${what} exceeds ${max} bytes`);

/** Binary sent by the server: a Uint8Array leaves it; browsers receive an ArrayBuffer, Node a Buffer. */
export const WireBytes = z.custom<Uint8Array | ArrayBuffer>((v) => v instanceof Uint8Array || v instanceof ArrayBuffer, "must be binary");
export type WireBytes = z.infer<typeof WireBytes>;

/**
 * Bytes the server broadcasts to a room (a committed update, a relayed awareness state): base64
 * text, not a binary attachment. Socket.IO encodes a text event once for the whole room, WebSocket
 * frame included, where each recipient of a binary event costs two frames (the placeholder and the
 * attachment) encoded for it alone (docs/operations.md, « One frame per watcher »). Decode with
 * `decodeRoomBytes` (room-bytes.ts).
 */
export const RoomBytes = z.base64();
export type RoomBytes = z.infer<typeof RoomBytes>;

export const CopyId = Id;
/** a moderation layer of the copy (the blind second marking); absent: the copy's own document */
export const Layer = z.literal("second");
export type Layer = z.infer<typeof Layer>;

export const QuestionId = z.string().min(1).max(128);

/** a copy's live lock; times from the database clock */
export const Lock = z.object({
  copyId: Id,
  examId: Id,
  holder: z.object({ id: Id, displayName: z.string() }),
  acquiredAt: IsoDateTime,
  expiresAt: IsoDateTime,
});
export type Lock = z.infer<typeof Lock>;

/** the details of a LOCKED refusal (copy:lock, copy:finalize): who holds the copy */
export const LockedDetails = z.object({ holder: Lock.shape.holder, lock: Lock.optional() });

/** one user in a copy's room, on every node, with their number of sockets there */
export const PresenceEntry = z.object({ userId: Id, displayName: z.string(), role: Role, connections: z.int().positive() });
export type PresenceEntry = z.infer<typeof PresenceEntry>;

/** who sent a relayed `copy:awareness`, stamped by the server from the sender's session */
export const AwarenessSender = z.object({ userId: Id, displayName: z.string(), role: Role });

/** grading by question: one (copy, question) claimed by the grader */
export const Claim = z.object({ copyId: Id, questionId: QuestionId, expiresAt: IsoDateTime });
export type Claim = z.infer<typeof Claim>;

/** a page image's URLs by size (as in the desk view) */
export const PageImages = z.object({ thumb: z.string(), read: z.string(), high: z.string(), redacted: z.boolean(), failed: z.boolean() });

/** a page a question's regions fall on: size and image URLs */
export const RegionPage = z.object({ page: z.int().positive(), widthPt: z.number(), heightPt: z.number(), images: PageImages });
export type RegionPage = z.infer<typeof RegionPage>;

/** question id → rubric item id → copies it is applied on */
export const ItemUsage = z.record(z.string(), z.record(z.string(), z.int().nonnegative()));
export type ItemUsage = z.infer<typeof ItemUsage>;
