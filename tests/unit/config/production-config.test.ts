// Fail-closed production configuration.
import { execFile } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../server/config/config.ts";

const GOOD = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://korrigo:Zq8vN2xL7pR4tY9w@db:5432/korrigo",
  PUBLIC_URL: "https://korrigo.lycee-exemple.fr",
  SESSION_SECRET: "h7Gk2Lm9Qw4Rt8Yp3Zx6Vb1Nc5Md0Fs7Ja2Kd9",
  METRICS_TOKEN: "Tq4Wm8Rz2Kx6Pn9Lv3Hb7Yc5",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("production configuration", () => {
  it("accepts a complete, strong configuration", () => {
    const c = loadConfig(GOOD);
    expect(c.isProduction).toBe(true);
    expect(c.session.cookieSecure).toBe(true);
    expect(c.hsts).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("names every problem at once: missing secrets, no database, no public URL", () => {
    const p = problemsOf({ NODE_ENV: "production" });
    expect(p.join("\n")).toMatch(/SESSION_SECRET is required/);
    expect(p.join("\n")).toMatch(/METRICS_TOKEN is required/);
    expect(p.join("\n")).toMatch(/DATABASE_URL is required/);
    expect(p.join("\n")).toMatch(/PUBLIC_URL is required/);
  });

  it.each([
    ["short", { SESSION_SECRET: "tooShort1" }, /SESSION_SECRET must be at least 32/],
    ["placeholder", { SESSION_SECRET: "change-me-change-me-change-me-change-me" }, /SESSION_SECRET looks like a placeholder/],
    ["low entropy", { SESSION_SECRET: "a".repeat(40) }, /SESSION_SECRET looks like a placeholder/],
    ["metrics placeholder", { METRICS_TOKEN: "your-metrics-token-here-123" }, /METRICS_TOKEN looks like a placeholder/],
    ["http public url", { PUBLIC_URL: "http://korrigo.lycee.fr" }, /PUBLIC_URL must be https/],
    ["db placeholder password", { DATABASE_URL: "postgresql://korrigo:changeme@db/korrigo" }, /DATABASE_URL carries a placeholder/],
    [
      "OIDC placeholder secret",
      { OIDC_ISSUER_URL: "https://ent.example.org", OIDC_CLIENT_ID: "korrigo", OIDC_CLIENT_SECRET: "CHANGE-ME-client-secret" },
      /OIDC_CLIENT_SECRET looks like a placeholder/,
    ],
    [
      "OIDC over http",
      { OIDC_ISSUER_URL: "http://ent.example.org", OIDC_CLIENT_ID: "korrigo", OIDC_CLIENT_SECRET: "Wq7Zr3Kx9Lm2Pv8Tn4Hb6Yc" },
      /OIDC_ISSUER_URL must be https/,
    ],
    ["half an OIDC setup", { OIDC_ISSUER_URL: "https://ent.example.org" }, /go together/],
    [
      "SMTP placeholder password",
      { SMTP_HOST: "smtp.example.org", SMTP_FROM: "korrigo@example.org", SMTP_USER: "korrigo", SMTP_PASSWORD: "password123" },
      /SMTP_PASSWORD looks like a placeholder/,
    ],
    ["SMTP without a sender", { SMTP_HOST: "smtp.example.org" }, /SMTP_FROM is required/],
  ])("refuses a %s value", (_name, over, re) => {
    expect(problemsOf({ ...GOOD, ...over }).join("\n")).toMatch(re);
  });

  it("refuses malformed values outside production too", () => {
    expect(problemsOf({ PORT: "eighty" }).join()).toMatch(/PORT/);
    expect(problemsOf({ DATABASE_URL: "not a url" }).join()).toMatch(/DATABASE_URL/);
  });

  it("development defaults: port 3000, ./data, embedded database", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.dataDir).toMatch(/data$/);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.publicUrl).toBe("http://localhost:3000");
  });

  // async, with a limit that holds while the whole suite loads both cores (tsx compiles the entry point first)
  it("the server process exits non-zero and lists the problems", { timeout: 150_000 }, async () => {
    const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ["--import", "tsx", "server/main.ts"],
        { env: { PATH: process.env.PATH, NODE_ENV: "production", SESSION_SECRET: "changeme" }, encoding: "utf8", timeout: 120_000 },
        (_err, _stdout, stderr) => resolve({ status: child.exitCode, stderr }),
      );
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refuses to start/);
    expect(r.stderr).toMatch(/SESSION_SECRET must be at least 32/);
    expect(r.stderr).toMatch(/METRICS_TOKEN is required/);
  });
});
