// npm run cluster [-- --nodes 3 --port 8080]: the production topology as plain processes here.
import path from "node:path";
import { startCluster } from "./lib/cluster.ts";

const args = process.argv.slice(2);
const opt = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const cluster = await startCluster({
  dataDir: path.resolve(process.env.DATA_DIR ?? "./data/cluster"),
  nodes: Number(opt("--nodes") ?? 3),
  port: Number(opt("--port") ?? 8080),
  log: (m) => console.log(m),
});
console.log(
  `\nKorrigo cluster: ${cluster.url}  (${cluster.nodes.length} server nodes, 1 worker; logs in ${path.join(cluster.dataDir, "logs")})\nPress Ctrl-C to stop.`,
);
const stop = async () => {
  await cluster.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
