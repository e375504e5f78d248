// Shapes of the HTTP API as the client sees them: all from the contract (collab/contract/).
export { ROLES, type Role, type User, type SessionPayload } from "../../../collab/contract/common.ts";
export type { ErrorBody as ApiErrorBody } from "../../../collab/contract/errors.ts";
