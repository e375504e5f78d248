// What the event handlers of a node share.
import type { GradingNamespace } from "./grading-io.ts";
import type { AppContext } from "../context.ts";
import type { ClaimService } from "../grading/claim-service.ts";
import type { GradingServices } from "../grading/grading-services.ts";
import type { ConnectionClaims } from "./question-handlers.ts";
import type { EventLimits } from "./event-limits.ts";
import type { ExamProgress } from "./exam-progress.ts";
import type { InFlight } from "../ops/in-flight.ts";
import type { Presence } from "./presence.ts";
import type { RubricUsagePush } from "./rubric-usage.ts";
import type { SessionWatch } from "./session-watch.ts";

export interface RealtimeDeps {
  readonly ctx: AppContext;
  readonly nsp: GradingNamespace;
  readonly grading: GradingServices;
  readonly sessions: SessionWatch;
  readonly limits: EventLimits;
  readonly progress: ExamProgress;
  /** who has a copy open, batched across concurrent joins */
  readonly presence: Presence;
  readonly usage: RubricUsagePush;
  readonly claims: ClaimService;
  /** the question claims this node's connections hold */
  readonly claimsHeld: ConnectionClaims;
  /** the acknowledged events being handled: a shutdown waits for their answers */
  readonly inFlight: InFlight;
}
