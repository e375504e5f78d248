// What a cluster test runs on: the suite's PostgreSQL (a clone of its migrated template), not one
// more embedded server to initdb, and the production build as the image runs it (plain node starts a
// node on about half the CPU tsx does; docs/decisions.md « Work the suite did twice, cut »).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { compileBuild } from "../../scripts/lib/cluster.ts";
import { createTestDatabase } from "./test-db.ts";

export interface ClusterGround {
  databaseUrl: string;
  /** the compiled server's entry, for startCluster's or runChaos's serverEntry */
  serverEntry: string;
  /** drops the database and deletes the build */
  remove(): Promise<void>;
}

export async function clusterGround(name: string): Promise<ClusterGround> {
  const tdb = await createTestDatabase();
  const buildDir = path.join("dist", `${name}-${crypto.randomBytes(4).toString("hex")}`);
  const remove = async () => {
    await tdb.drop();
    fs.rmSync(buildDir, { recursive: true, force: true });
  };
  try {
    const serverEntry = compileBuild(buildDir, { checkTypes: false }); // the types: `npm run typecheck`
    return { databaseUrl: tdb.url, serverEntry, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
