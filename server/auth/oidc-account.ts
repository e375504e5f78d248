// Who a verified provider identity is in Korrigo. Rules, in order:
// 1. the account already bound to this (issuer, subject);
// 2. else the account with the verified e-mail, or the student account of the roster entry with the
//    national student id (or e-mail); both naming different accounts is a conflict, never a guess;
// 3. else a roster entry without an account: a STUDENT account is created for it, SSO only;
// 4. else refused: staff accounts are never created by a sign-in.
// The first sign-on binds the provider's subject to the account, so a later change of e-mail at the
// provider still finds it, and another identity claiming the same e-mail is refused.
import { z } from "zod";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { OidcConfig } from "../config/sign-in-mail-config.ts";
import type { Db, Prisma } from "../db/client.ts";
import { OidcFailure, type OidcClaims } from "./oidc-client.ts";

export interface SsoIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly studentId: string | null;
  readonly name: string | null;
}

const Email = z.email().max(254);

export function identityFrom(claims: OidcClaims, cfg: OidcConfig, issuer: string): SsoIdentity {
  const rawEmail = claims[cfg.emailClaim];
  const email = typeof rawEmail === "string" && Email.safeParse(rawEmail.trim().toLowerCase()).success ? rawEmail.trim().toLowerCase() : null;
  if (email && (claims.email_verified === false || (cfg.requireVerifiedEmail && claims.email_verified !== true))) {
    throw new OidcFailure("OIDC_EMAIL_UNVERIFIED", "the provider says this e-mail address is not verified", { email });
  }
  const rawId = cfg.studentIdClaim ? claims[cfg.studentIdClaim] : undefined;
  const studentId = typeof rawId === "string" && /^[\w-]{1,32}$/.test(rawId.trim()) ? rawId.trim().toUpperCase() : null;
  const given = typeof claims.given_name === "string" ? claims.given_name : "";
  const family = typeof claims.family_name === "string" ? claims.family_name : "";
  const name = typeof claims.name === "string" ? claims.name : `${given} ${family}`.trim() || null;
  return { issuer, subject: String(claims.sub).slice(0, 255), email, studentId, name };
}

export interface ResolvedAccount {
  readonly userId: string;
  /** bound: found by a previous binding; linked: matched and bound now; created: a student account made from the roster */
  readonly how: "bound" | "linked" | "created";
}

type Tx = Prisma.TransactionClient;

async function bind(tx: Tx, userId: string, id: SsoIdentity): Promise<void> {
  await tx.user.update({ where: { id: userId }, data: { oidcIssuer: id.issuer, oidcSubject: id.subject } });
}

async function createStudentAccount(
  tx: Tx,
  student: { id: string; firstName: string; lastName: string; email: string | null; ine: string | null },
  id: SsoIdentity,
): Promise<string> {
  const email = id.email ?? student.email;
  const emailFree = email ? !(await tx.user.findFirst({ where: { OR: [{ email }, { username: email }] }, select: { id: true } })) : false;
  const username = emailFree ? email! : `eleve-${(student.ine ?? student.id).toLowerCase()}`;
  const user = await tx.user.create({
    data: {
      username,
      email: emailFree ? email : null,
      displayName: `${student.firstName} ${student.lastName}`.slice(0, 200),
      role: "STUDENT",
      passwordHash: null,
      ssoOnly: true,
      oidcIssuer: id.issuer,
      oidcSubject: id.subject,
    },
    select: { id: true },
  });
  await tx.student.update({ where: { id: student.id }, data: { userId: user.id } });
  return user.id;
}

export async function resolveSsoAccount(db: Db, id: SsoIdentity, audit: AuditContext): Promise<ResolvedAccount> {
  return db.$transaction(async (tx) => {
    const bound = await tx.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: id.issuer, oidcSubject: id.subject } }, select: { id: true } });
    if (bound) return { userId: bound.id, how: "bound" as const };

    const byEmail = id.email ? await tx.user.findFirst({ where: { OR: [{ email: id.email }, { username: id.email }] }, select: { id: true } }) : null;
    const student =
      (id.studentId
        ? await tx.student.findUnique({
            where: { ine: id.studentId },
            select: { id: true, userId: true, firstName: true, lastName: true, email: true, ine: true },
          })
        : null) ??
      (id.email
        ? await tx.student.findUnique({
            where: { email: id.email },
            select: { id: true, userId: true, firstName: true, lastName: true, email: true, ine: true },
          })
        : null);
    if (byEmail && student?.userId && byEmail.id !== student.userId) {
      throw new OidcFailure("OIDC_ACCOUNT_CONFLICT", "the e-mail and the student id name two different accounts", { email: id.email, studentId: id.studentId });
    }
    const userId = byEmail?.id ?? student?.userId ?? null;
    if (userId) {
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { oidcSubject: true, oidcIssuer: true, active: true, username: true } });
      if (!user.active) throw new OidcFailure("OIDC_ACCOUNT_DISABLED", "this account is disabled", { userId });
      if (user.oidcSubject) throw new OidcFailure("OIDC_ACCOUNT_CONFLICT", "this account is already bound to another identity of the provider", { userId });
      await bind(tx, userId, id);
      await recordAudit(
        tx,
        { ...audit, actorId: userId, actorName: user.username },
        { action: "auth.oidc.linked", targetType: "user", targetId: userId, details: { subject: id.subject, by: byEmail ? "email" : "student_id" } },
      );
      return { userId, how: "linked" as const };
    }
    if (!student)
      throw new OidcFailure("OIDC_NO_ACCOUNT", "no Korrigo account or roster entry matches this identity", { email: id.email, studentId: id.studentId });
    const created = await createStudentAccount(tx, student, id);
    await recordAudit(
      tx,
      { ...audit, actorId: created },
      { action: "user.created", targetType: "user", targetId: created, details: { role: "STUDENT", via: "sso", studentId: student.id } },
    );
    return { userId: created, how: "created" as const };
  });
}
