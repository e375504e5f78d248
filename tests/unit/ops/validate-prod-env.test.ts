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
    expect(r.stderr).toMatch(/OIDC_CLIENT_SECRET looks like a placeholder/);
    expect(r.stderr).toMatch(/SMTP_PASSWORD looks like a placeholder/);
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
    fs.writeFileSync(
      path.join(dir, "bad.env"),
      [
        ...good.filter((l) => !l.startsWith("TRUST_PROXY") && !l.startsWith("PUBLIC_URL")),
        "PUBLIC_URL=http://korrigo.lycee.fr",
        "COOKIE_SECURE=false",
        "HSTS=false",
      ].join("\n"),
    );
    const bad = validate(path.join(dir, "bad.env"));
    expect(bad.status).toBe(1);
    for (const re of [/PUBLIC_URL must be https/, /COOKIE_SECURE must not be disabled/, /HSTS must not be disabled/, /TRUST_PROXY is not set/])
      expect(bad.stderr).toMatch(re);
  });

  it("checks single sign-on and the mail relay: real secrets, https issuer, complete settings, encrypted relay", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-env-"));
    const base = [
      "NODE_ENV=production",
      "PUBLIC_URL=https://korrigo.lycee-exemple.fr",
      "TRUST_PROXY=1",
      "DATABASE_URL=postgresql://korrigo:Vt8qL2mZr5Wx9Kp3@postgres:5432/korrigo",
      "REDIS_URL=redis://redis:6379",
      "SESSION_SECRET=h7Gk2Lm9Qw4Rt8Yp3Zx6Vb1Nc5Md0Fs7Ja2Kd9",
      "METRICS_TOKEN=Tq4Wm8Rz2Kx6Pn9Lv3Hb7Yc5",
    ];
    const good = [
      ...base,
      "OIDC_ISSUER_URL=https://ent.academie.example/oidc",
      "OIDC_CLIENT_ID=korrigo",
      "OIDC_CLIENT_SECRET=Wq7Zr3Kx9Lm2Pv8Tn4Hb6Yc",
      "OIDC_STUDENT_ID_CLAIM=ine",
      "SMTP_HOST=smtp.lycee.example",
      "SMTP_USER=korrigo",
      "SMTP_PASSWORD=Mz4Kq8Lr2Wx6Tv9P",
      'SMTP_FROM="Korrigo <korrigo@lycee.example>"',
    ];
    fs.writeFileSync(path.join(dir, "good.env"), good.join("\n"));
    const ok = validate(path.join(dir, "good.env"));
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const bad = [
      ...base,
      "OIDC_ISSUER_URL=http://ent.academie.example/oidc",
      "OIDC_CLIENT_SECRET=your-client-secret",
      "SMTP_HOST=smtp.lycee.example",
      "SMTP_SECURITY=none",
      "SMTP_PASSWORD=changeme",
      "SMTP_FROM=korrigo@lycee.example",
    ];
    fs.writeFileSync(path.join(dir, "bad.env"), bad.join("\n"));
    const r = validate(path.join(dir, "bad.env"));
    expect(r.status).toBe(1);
    for (const re of [
      /OIDC_ISSUER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/,
      /OIDC_CLIENT_SECRET looks like a placeholder/,
      /OIDC_ISSUER_URL must be https/,
      /SMTP_PASSWORD looks like a placeholder/,
      /SMTP_SECURITY=none sends mail in clear/,
      /SMTP_USER and SMTP_PASSWORD go together/,
    ])
      expect(r.stderr).toMatch(re);
  });
});
