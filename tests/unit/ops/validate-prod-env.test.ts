import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function validate(file: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/validate-prod-env.ts", file], { encoding: "utf8", timeout: 30_000 });
}

describe("validate-prod-env", () => {
  it("refuses .env.prod.example itself, listing every placeholder", () => {
    const r = validate(".env.prod.example");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SESSION_SECRET looks like a placeholder/);
    expect(r.stderr).toMatch(/METRICS_TOKEN looks like a placeholder/);
    expect(r.stderr).toMatch(/DATABASE_URL carries a placeholder password/);
    expect(r.stderr).toMatch(/POSTGRES_PASSWORD/);
  });

  it("accepts a filled-in file and flags insecure TLS-related settings", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-env-"));
    const good = [
      "NODE_ENV=production",
      "PUBLIC_URL=https://korrigo.lycee-exemple.fr",
      "TRUST_PROXY=1",
      "POSTGRES_PASSWORD=Vt8qL2mZr5Wx9Kp3",
      "DATABASE_URL=postgresql://korrigo:Vt8qL2mZr5Wx9Kp3@postgres:5432/korrigo",
      "REDIS_URL=redis://redis:6379",
      'SESSION_SECRET="h7Gk2Lm9Qw4Rt8Yp3Zx6Vb1Nc5Md0Fs7Ja2Kd9"',
      "METRICS_TOKEN=Tq4Wm8Rz2Kx6Pn9Lv3Hb7Yc5",
    ];
    fs.writeFileSync(path.join(dir, "good.env"), good.join("\n"));
    expect(validate(path.join(dir, "good.env")).status).toBe(0);
    fs.writeFileSync(path.join(dir, "bad.env"), [...good.filter((l) => !l.startsWith("TRUST_PROXY") && !l.startsWith("PUBLIC_URL")), "PUBLIC_URL=http://korrigo.lycee.fr", "COOKIE_SECURE=false", "HSTS=false"].join("\n"));
    const bad = validate(path.join(dir, "bad.env"));
    expect(bad.status).toBe(1);
    for (const re of [/PUBLIC_URL must be https/, /COOKIE_SECURE must not be disabled/, /HSTS must not be disabled/, /TRUST_PROXY is not set/]) expect(bad.stderr).toMatch(re);
  });
});
