// School sign-in in Chromium: the sign-in page offers the school account (ENT) and the password, in
// French and in English; a student goes through a real OpenID provider's own pages and reads the
// released copy; a refused sign-on says why; the forgotten-password link arrives at a real SMTP
// server and works once; the student's notices and the unsubscribe page.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { freePort } from "../helpers/free-port.ts";
import { startOidcProvider, type TestOidcProvider } from "../helpers/oidc-provider.ts";
import { smtpEnv, startSmtpSink, type DeliveredMail, type SmtpSink } from "../helpers/smtp-sink.ts";
import { createScoredCopy, createStudent, createSupervisedExam } from "../helpers/supervision-factories.ts";
import { a11yViolations } from "./support/a11y.ts";
import { startAppServer, type AppServer } from "./support/app-server.ts";
import { TABLET, launchChromium, newPage, screenshot } from "./support/browser.ts";

let browser: Browser;
let provider: TestOidcProvider;
let sink: SmtpSink;
let app: AppServer;
let student: { id: string; username: string; password: string; email: string | null };
let copyId: string;

const heading = (page: Page) => page.getByRole("heading", { level: 1 });

beforeAll(async () => {
  browser = await launchChromium();
  const port = await freePort();
  provider = await startOidcProvider([
    { client_id: "korrigo", client_secret: "issued-for-the-e2e-test-5d2b", redirect_uris: [`http://127.0.0.1:${port}/api/auth/oidc/callback`] },
  ]);
  sink = await startSmtpSink();
  app = await startAppServer({
    port,
    worker: true,
    maintenance: false,
    staffReady: true,
    env: {
      ...smtpEnv(sink.port),
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: "korrigo",
      OIDC_CLIENT_SECRET: "issued-for-the-e2e-test-5d2b",
      OIDC_DISPLAY_NAME: "Mon Bureau Numérique",
    },
  });
  const exam = await createSupervisedExam(app.tdb.db, { title: "Bac blanc de mathématiques" });
  const s = await createStudent(app.tdb.db, { lastName: "MOREL", firstName: "Inès", account: true });
  await app.tdb.db.user.update({ where: { id: s.user!.id }, data: { displayName: "Inès Morel" } });
  student = s.user!;
  copyId = (
    await createScoredCopy(app.tdb.db, `${app.dataDir}/media`, exam.id, {
      studentId: s.student.id,
      scores: { [exam.leaves[0]!.id]: 3, [exam.leaves[1]!.id]: 5, [exam.leaves[2]!.id]: 8 },
      general: "Du bon travail, rédaction à soigner.",
    })
  ).id;
  provider.addAccount({ login: "ines.morel", sub: "ent-ines-morel", email: student.email!, email_verified: true, name: "Inès Morel" });
  provider.addAccount({ login: "inconnu", sub: "ent-inconnu", email: "inconnu@ent.example", email_verified: true });
  // the exam office releases the exam: the student is told (in the app, and by e-mail)
  const admin = await createUser(app.tdb.db, "ADMIN");
  const { context: ctx } = await newPage(browser, app.url);
  await ctx.request.post(`${app.url}/api/auth/login`, { data: { username: admin.username, password: admin.password }, headers: { origin: app.url } });
  const me = await (await ctx.request.get(`${app.url}/api/me`)).json();
  const r = await ctx.request.post(`${app.url}/api/release/exams/${exam.id}/release`, { data: {}, headers: { origin: app.url, "x-csrf-token": me.csrfToken } });
  expect(r.status()).toBe(200);
  await ctx.close();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await provider?.close();
  await sink?.close();
});

async function mailTo(address: string, after = 0): Promise<DeliveredMail> {
  const until = Date.now() + 30_000;
  for (;;) {
    const found = sink.delivered.slice(after).find((m) => m.envelopeTo.includes(address));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no e-mail to ${address}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// long flows on a loaded machine: a generous limit, never a timing assertion
describe("school sign-in", { timeout: 180_000 }, () => {
  it("offers both ways in, in French and in English", async () => {
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/login");
    const sso = page.getByRole("link", { name: "Se connecter avec l’ENT" });
    await sso.waitFor();
    expect(await sso.getAttribute("href")).toBe("/api/auth/oidc/start");
    await page.getByText("Votre espace numérique de travail : Mon Bureau Numérique").waitFor();
    await page.getByText("ou avec un identifiant Korrigo").waitFor();
    await page.getByLabel("Identifiant").waitFor();
    await page.getByLabel("Mot de passe", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Se connecter", exact: true }).waitFor();
    await page.getByRole("link", { name: "Mot de passe oublié ?" }).waitFor();
    await screenshot(page, "sso-01-login-fr");
    expect(await a11yViolations(page)).toEqual([]);

    await page.getByLabel("Langue").selectOption("en");
    await expect.poll(() => heading(page).textContent(), { timeout: 20_000 }).toBe("Sign in");
    await page.getByRole("link", { name: "Sign in with the school account (ENT)" }).waitFor();
    await page.getByText("or with a Korrigo username").waitFor();
    await page.getByRole("link", { name: "Forgot your password?" }).waitFor();
    await screenshot(page, "sso-02-login-en");
    expect(await a11yViolations(page)).toEqual([]);
    await page.setViewportSize(TABLET);
    await screenshot(page, "sso-03-login-en-tablet");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a student signs in through the provider and reads the released copy", async () => {
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/portal");
    await page.waitForURL("**/login?next=%2Fportal");
    await page.getByRole("link", { name: "Se connecter avec l’ENT" }).click();
    // the provider's own pages (oidc-provider's login and consent forms)
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator("input[name=login]").fill("ent-ines-morel");
    await page.locator("input[name=password]").fill("whatever-the-ent-asks");
    await screenshot(page, "sso-04-provider-login");
    await page.locator("button[type=submit]").click();
    await page.locator("button[type=submit]", { hasText: "Continue" }).click();
    await page.waitForURL(`${app.url}/portal`);
    await page.getByRole("link", { name: /Voir ma copie/ }).waitFor();
    await screenshot(page, "sso-05-portal-after-sso");
    await page.getByRole("link", { name: /Voir ma copie/ }).click();
    await page.waitForURL(`**/portal/copies/${copyId}`);
    await page.getByText("Du bon travail, rédaction à soigner.").waitFor();
    await page.getByRole("img", { name: "Page 1 sur 1" }).waitFor();
    await screenshot(page, "sso-06-copy-after-sso");
    expect(await a11yViolations(page)).toEqual([]);

    // the release notice waits in the app
    const bell = page.getByRole("link", { name: "Avis : 1 non lu" });
    await bell.waitFor();
    await bell.click();
    await page.waitForURL("**/notices");
    await page.getByText("Votre copie « Bac blanc de mathématiques » est disponible.").waitFor();
    await page.getByText(/Envoyé par courriel|Courriel en attente d’envoi/).waitFor();
    await screenshot(page, "sso-07-notices");
    expect(await a11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Marquer comme lu", exact: true }).click();
    await page.getByRole("link", { name: "Avis", exact: true }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a refused sign-on comes back to the sign-in page and says why", async () => {
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/login");
    await page.getByRole("link", { name: "Se connecter avec l’ENT" }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator("input[name=login]").fill("ent-inconnu");
    await page.locator("input[name=password]").fill("x");
    await page.locator("button[type=submit]").click();
    await page.locator("button[type=submit]", { hasText: "Continue" }).click();
    await page.waitForURL("**/login?sso_error=OIDC_NO_ACCOUNT");
    await page.getByRole("alert").filter({ hasText: "Aucun compte Korrigo ne correspond à votre compte ENT." }).waitFor();
    await screenshot(page, "sso-08-refused");
    expect(await a11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a forgotten password: the e-mailed link works once", async () => {
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/login");
    await page.getByRole("link", { name: "Mot de passe oublié ?" }).click();
    await page.waitForURL("**/password/forgot");
    const before = sink.delivered.length;
    await page.getByLabel("Adresse électronique").fill(student.email!);
    await page.getByRole("button", { name: "Envoyer le lien" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Si un compte correspond à ${student.email}` })
      .waitFor();
    await screenshot(page, "sso-09-forgot-sent");
    expect(await a11yViolations(page)).toEqual([]);

    const mail = await mailTo(student.email!, before);
    const link = /http:\/\/127\.0\.0\.1:\d+\/password\/reset#token=[\w.-]+/.exec(mail.parsed.text!)![0];
    await page.goto(link);
    await page.getByLabel("Nouveau mot de passe", { exact: true }).waitFor();
    expect(page.url()).not.toContain("token="); // wiped from the address bar and the history
    await page.getByLabel("Nouveau mot de passe", { exact: true }).fill("Cahier-de-textes-2026");
    await page.getByLabel("Confirmez le nouveau mot de passe").fill("Cahier-de-textes-2026");
    await screenshot(page, "sso-10-reset-form");
    expect(await a11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Enregistrer le mot de passe" }).click();
    await page.waitForURL("**/login?reset=done");
    await page.getByRole("status").filter({ hasText: "Votre mot de passe est changé" }).waitFor();
    await page.getByLabel("Identifiant").fill(student.username);
    await page.getByLabel("Mot de passe", { exact: true }).fill("Cahier-de-textes-2026");
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
    await page.waitForURL(/\/$/);

    await page.goto(link); // the same link a second time
    await page.getByRole("alert").filter({ hasText: "Ce lien n’est plus valable" }).waitFor();
    await screenshot(page, "sso-11-reset-link-used");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the unsubscribe link of the release e-mail asks, then unsubscribes", async () => {
    const mail = await mailTo(student.email!);
    const link = /http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?[^\s]+/.exec(mail.parsed.text!)![0];
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto(link);
    await page.getByText("Ne plus recevoir de courriel quand une de vos copies est publiée ?").waitFor();
    await screenshot(page, "sso-12-unsubscribe");
    expect(await a11yViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Me désabonner" }).click();
    await page.getByRole("status").filter({ hasText: "vous ne recevrez plus ces courriels" }).waitFor();
    const pref = await app.tdb.db.noticePreference.findUniqueOrThrow({ where: { userId_kind: { userId: student.id, kind: "COPY_RELEASED" } } });
    expect(pref.email).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the exam office creates an account without a password and turns another one to school account only", async () => {
    const admin = await createUser(app.tdb.db, "ADMIN");
    const teacher = await createUser(app.tdb.db, "GRADER");
    await app.tdb.db.user.update({ where: { id: teacher.id }, data: { displayName: "M. Paul Girard" } });
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/login");
    await page.getByLabel("Identifiant").fill(admin.username);
    await page.getByLabel("Mot de passe", { exact: true }).fill(admin.password);
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
    await page.waitForURL(/\/$/);
    await page.goto("/users");
    await page.getByRole("table").waitFor();
    await page.getByRole("button", { name: "Créer un utilisateur" }).click();
    const form = page.getByRole("dialog", { name: "Nouvel utilisateur" });
    await form.getByLabel("Nom affiché").fill("Mme Claire Fontaine");
    await form.getByLabel("Identifiant").fill("prof.fontaine");
    await form.getByLabel("Connexion par l’ENT uniquement (sans mot de passe)").check();
    await screenshot(page, "sso-13-create-sso-only");
    expect(await a11yViolations(page)).toEqual([]);
    await form.getByRole("button", { name: "Créer le compte" }).click();
    await page.getByRole("status").filter({ hasText: "Compte de Mme Claire Fontaine créé : il se connecte par l’ENT, sans mot de passe." }).waitFor();
    expect(await page.getByRole("dialog", { name: "Compte créé" }).isVisible()).toBe(false); // no password to hand over

    await page.getByRole("button", { name: "ENT uniquement — M. Paul Girard" }).click();
    await page.getByRole("dialog", { name: "Connexion par l’ENT uniquement ?" }).getByRole("button", { name: "ENT uniquement" }).click();
    await page.getByRole("status").filter({ hasText: "M. Paul Girard se connecte désormais uniquement par l’ENT." }).waitFor();
    await page
      .getByRole("row", { name: /M\. Paul Girard/ })
      .getByText("ENT uniquement")
      .waitFor();
    await screenshot(page, "sso-14-users-sso-only");
    expect(await a11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a supervisor asks for the end-of-day summary and reads it among the notices", async () => {
    const sup = await createUser(app.tdb.db, "SUPERVISOR");
    await app.tdb.db.user.update({ where: { id: sup.id }, data: { displayName: "Mme Claire Lefèvre" } });
    const { context, page, errors } = await newPage(browser, app.url);
    await page.goto("/login");
    await page.getByLabel("Identifiant").fill(sup.username);
    await page.getByLabel("Mot de passe", { exact: true }).fill(sup.password);
    await page.getByRole("button", { name: "Se connecter", exact: true }).click();
    await page.waitForURL(/\/$/);
    await page.getByRole("link", { name: "Avis" }).click();
    await page.waitForURL("**/notices");
    await page.getByText("Aucun avis pour le moment.").waitFor();
    await page.getByLabel("Recevoir chaque soir le bilan de la correction (ici et par courriel)").check();
    await page.getByRole("button", { name: "Enregistrer les préférences" }).click();
    await page.getByRole("status").filter({ hasText: "Préférences enregistrées." }).waitFor();

    const { makeWorkerUtils } = await import("graphile-worker");
    const utils = await makeWorkerUtils({ pgPool: app.ctx.pool });
    try {
      await utils.addJob("supervisor-summary", { at: new Date().toISOString() });
    } finally {
      await utils.release();
    }
    await expect.poll(() => app.tdb.db.notice.count({ where: { userId: sup.id, kind: "SUPERVISOR_SUMMARY" } }), { timeout: 30_000 }).toBe(1);
    await page.reload();
    await page.getByText(/^Bilan de la correction du \d+ \S+ : \d+ épreuve\(s\) en cours, \d+ alerte\(s\)\.$/).waitFor();
    await page.getByRole("cell", { name: "Bac blanc de mathématiques" }).first().waitFor();
    await screenshot(page, "sso-15-supervisor-summary");
    expect(await a11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
