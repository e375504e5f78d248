// What importing the parsed rows would do to the database: create or update each student (matched
// by INE, then e-mail, then name + birth date) and create, link or skip their portal account.
import type { Db } from "../db/client.ts";
import type { RosterProblem, RosterRow } from "./roster-parse.ts";

export type RowAction = "create" | "update" | "unchanged";
export type AccountAction = "create" | "link" | "exists" | "none" | "conflict";

export interface PlannedRow extends RosterRow {
  action: RowAction;
  studentId: string | null;
  changes: string[];
  account: AccountAction;
  /** the existing STUDENT user to link (account = "link") */
  linkUserId: string | null;
}

type StudentRow = {
  id: string;
  ine: string | null;
  email: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  birthDate: Date | null;
  userId: string | null;
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const nameKey = (last: string, first: string, birth: Date | null) => `${last.toLocaleLowerCase("fr")}|${first.toLocaleLowerCase("fr")}|${day(birth)}`;

function changesOf(s: StudentRow, r: RosterRow): string[] {
  const out: string[] = [];
  if (r.ine && r.ine !== s.ine) out.push("ine");
  if (r.lastName && r.lastName !== s.lastName) out.push("lastName");
  if (r.firstName && r.firstName !== s.firstName) out.push("firstName");
  if (r.className && r.className !== s.className) out.push("className");
  if (r.email && r.email !== s.email) out.push("email");
  if (r.birthDate && day(r.birthDate) !== day(s.birthDate)) out.push("birthDate");
  return out;
}

export async function planRoster(db: Db, rows: RosterRow[]): Promise<{ rows: PlannedRow[]; problems: RosterProblem[] }> {
  const problems: RosterProblem[] = [];
  const valid = rows.filter((r) => r.valid);
  const ines = valid.flatMap((r) => (r.ine ? [r.ine] : []));
  const emails = valid.flatMap((r) => (r.email ? [r.email] : []));
  const noId = valid.filter((r) => !r.ine && !r.email && r.birthDate);
  const select = { id: true, ine: true, email: true, lastName: true, firstName: true, className: true, birthDate: true, userId: true } as const;
  const [students, byName, users] = await Promise.all([
    db.student.findMany({ where: { OR: [{ ine: { in: ines } }, { email: { in: emails } }] }, select }),
    noId.length
      ? db.student.findMany({ where: { lastName: { in: noId.map((r) => r.lastName), mode: "insensitive" } }, select })
      : Promise.resolve([] as StudentRow[]),
    db.user.findMany({
      where: { OR: [{ username: { in: emails } }, { email: { in: emails } }] },
      select: { id: true, username: true, email: true, role: true, student: { select: { id: true } } },
    }),
  ]);
  const studentByIne = new Map(students.filter((s) => s.ine).map((s) => [s.ine!, s]));
  const studentByEmail = new Map(students.filter((s) => s.email).map((s) => [s.email!, s]));
  const studentByName = new Map(byName.map((s) => [nameKey(s.lastName, s.firstName, s.birthDate), s]));
  const userByEmail = new Map<string, (typeof users)[number]>();
  for (const u of users) for (const k of [u.username, u.email]) if (k) userByEmail.set(k, u);

  const conflict = (r: RosterRow, message: string): PlannedRow => {
    problems.push({ severity: "error", code: "CONFLICT", line: r.line, column: null, columnName: null, message });
    return { ...r, valid: false, action: "create", studentId: null, changes: [], account: "none", linkUserId: null };
  };
  const planned: PlannedRow[] = rows.map((r) => {
    const none: PlannedRow = { ...r, action: "create", studentId: null, changes: [], account: "none", linkUserId: null };
    if (!r.valid) return none;
    const byIne = r.ine ? studentByIne.get(r.ine) : undefined;
    const byEmail = r.email ? studentByEmail.get(r.email) : undefined;
    if (byIne && byEmail && byIne.id !== byEmail.id) {
      return conflict(r, `INE ${r.ine} belongs to ${byIne.lastName} ${byIne.firstName} but ${r.email} to ${byEmail.lastName} ${byEmail.firstName}`);
    }
    if (!byIne && byEmail && r.ine && byEmail.ine && byEmail.ine !== r.ine) {
      return conflict(r, `${r.email} belongs to a student whose INE is ${byEmail.ine}, not ${r.ine}`);
    }
    const match = byIne ?? byEmail ?? (!r.ine && !r.email ? studentByName.get(nameKey(r.lastName, r.firstName, r.birthDate)) : undefined);
    const changes = match ? changesOf(match, r) : [];
    const row: PlannedRow = {
      ...r,
      action: match ? (changes.length ? "update" : "unchanged") : "create",
      studentId: match?.id ?? null,
      changes,
      account: "none",
      linkUserId: null,
    };
    if (!r.email) return row;
    if (match?.userId) return { ...row, account: "exists" };
    const user = userByEmail.get(r.email);
    if (!user) return { ...row, account: "create" };
    if (user.role === "STUDENT" && (!user.student || user.student.id === match?.id)) return { ...row, account: "link", linkUserId: user.id };
    problems.push({
      severity: "warning",
      code: "EMAIL_IN_USE",
      line: r.line,
      column: null,
      columnName: null,
      message: `${r.email} is already the login of another account: the student is imported without a portal account`,
    });
    return { ...row, account: "conflict" };
  });
  return { rows: planned, problems };
}
