// npm run chaos [-- --quick]: 50 graders for 60 s on the local cluster while nodes are killed -9
// and Redis is restarted once, PostgreSQL's connections are cut and the worker is killed -9 mid-render.
// Last line: RESULT lost=… stuck_locks=… crashed=… kills=… acked=… pg_restarts=… worker_kills=… renders_finished=…
import { runChaos } from "./lib/chaos.ts";

const quick = process.argv.includes("--quick");
const r = await runChaos({
  graders: quick ? 20 : 50,
  renders: quick ? 4 : 10,
  pgRestarts: quick ? 1 : 2,
  durationMs: quick ? 25_000 : 60_000,
  killEveryMs: quick ? 6_000 : 8_000,
  editEveryMs: 1_000,
  restartRedis: true,
  log: (m) => console.log(m),
});
console.log(`graders=${r.graders} diverged=${r.diverged} renders_finished=${r.renders_finished}/${r.renders}`);
console.log(
  `RESULT lost=${r.lost} stuck_locks=${r.stuck_locks} crashed=${r.crashed} kills=${r.kills} acked=${r.acked} pg_restarts=${r.pg_restarts} worker_kills=${r.worker_kills} renders_finished=${r.renders_finished}/${r.renders}`,
);
process.exit(r.lost || r.stuck_locks || r.crashed || r.diverged || r.renders_finished < r.renders ? 1 : 0);
