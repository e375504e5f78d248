// The exam's request schemas are the contract's (collab/contract/api/exams.ts); the path's id is
// re-exported here for the routes that still import it from this module.
export { ExamIdParam } from "../../collab/contract/api/exams.ts";
