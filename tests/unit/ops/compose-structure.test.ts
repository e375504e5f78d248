// No Docker engine runs here: check the production compose file's structure instead.
import fs from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";

type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test: unknown };
  depends_on?: Record<string, unknown>;
  command?: unknown;
  ports?: string[];
  volumes?: string[];
};
const compose = load(fs.readFileSync("docker/compose.prod.yml", "utf8")) as { services: Record<string, Service> };
const services = compose.services;
const nodes = ["server-1", "server-2", "server-3"];

describe("docker/compose.prod.yml", () => {
  it("has PostgreSQL, Redis, 3 server nodes, 1 worker and nginx", () => {
    expect(Object.keys(services).sort()).toEqual(["nginx", "postgres", "redis", "server-1", "server-2", "server-3", "worker"]);
    for (const n of nodes) expect(services[n]!.environment!.ROLE).toBe("server");
    expect(services.worker!.environment!.ROLE).toBe("worker");
  });

  it("gives every service a healthcheck", () => {
    for (const [name, s] of Object.entries(services)) expect(s.healthcheck?.test, name).toBeTruthy();
  });

  it("requires every secret and sets no default for any", () => {
    const text = fs.readFileSync("docker/compose.prod.yml", "utf8");
    for (const secret of ["SESSION_SECRET", "METRICS_TOKEN", "POSTGRES_PASSWORD", "DATABASE_URL"]) {
      expect(text).toContain(`\${${secret}:?`);
      expect(text).not.toMatch(new RegExp(`\\$\\{${secret}:-`));
    }
    for (const n of [...nodes, "worker"]) {
      const env = services[n]!.environment!;
      expect(env.NODE_ENV).toBe("production");
      expect(env.SEED_DEMO).toBe("false");
      for (const k of ["SESSION_SECRET", "METRICS_TOKEN", "DATABASE_URL", "REDIS_URL", "PUBLIC_URL"]) expect(env[k], `${n}.${k}`).toMatch(/^\$\{\w+:\?/);
    }
  });

  it("puts nginx in front, upgrading WebSockets to every server node", () => {
    expect(services.nginx!.ports).toEqual(["80:80"]);
    const conf = fs.readFileSync("docker/nginx.conf", "utf8");
    for (const n of nodes) expect(conf).toContain(`server ${n}:3000`);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(conf).toMatch(/ip_hash/);
  });

  it("runs the image as a non-root user with a healthcheck", () => {
    const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
    expect(dockerfile).toMatch(/^USER korrigo$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    expect(dockerfile).toMatch(/^FROM .* AS build$/m);
  });
});
