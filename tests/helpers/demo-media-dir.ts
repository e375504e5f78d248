// Where a test run keeps the demo seed's media (tests/e2e/support/demo-template.ts); the run's
// global teardown removes it.
import os from "node:os";
import path from "node:path";

export const demoMediaDir = (testDbPrefix: string): string => path.join(os.tmpdir(), `${testDbPrefix}demo-media`);
