// First-start demo: staff accounts, a class of 25 students, the exam "Bac blanc de mathématiques"
// with its grading scale and a few identified, dispatched copies built from scan-like PDFs.
import { PDFDocument } from "pdf-lib";
import type { Db } from "../db/client.ts";
import { hashPassword } from "../auth/password-hash.ts";
import { formatAnonymousCode, newCodePrefix } from "../exams/anonymous-code.ts";
import { MediaStore } from "../storage/media-store.ts";
import { demoAnswerKeyPdf, demoSubjectPdf } from "./demo-documents.ts";
import { scanLikeCopyPdf } from "./scan-like-pdf.ts";

export const DEMO_ACCOUNTS = [
  { username: "admin", password: "Korrigo-admin-demo", displayName: "Secrétariat des examens", role: "ADMIN" },
  { username: "direction", password: "Korrigo-direction-demo", displayName: "Mme Claire Lefèvre", role: "SUPERVISOR" },
  { username: "prof.martin", password: "Korrigo-prof-demo", displayName: "M. Paul Martin", role: "GRADER" },
  { username: "prof.bernard", password: "Korrigo-prof-demo", displayName: "Mme Anne Bernard", role: "GRADER" },
] as const;

export const DEMO_STUDENT_PASSWORD = "Korrigo-eleve-demo";

const STUDENTS: Array<[string, string]> = [
  ["PETIT", "Léa"],
  ["DUPONT", "Jean"],
  ["MARTIN", "Sophie"],
  ["BEN ALI", "Ahmed"],
  ["NGUYEN", "Thi Mai"],
  ["LEROY", "Hugo"],
  ["MOREAU", "Chloé"],
  ["FOURNIER", "Lucas"],
  ["GIRARD", "Inès"],
  ["ROUX", "Nathan"],
  ["FAURE", "Manon"],
  ["ANDRÉ", "Théo"],
  ["MERCIER", "Camille"],
  ["BLANC", "Enzo"],
  ["GUÉRIN", "Zoé"],
  ["BOYER", "Louis"],
  ["GARNIER", "Jade"],
  ["CHEVALIER", "Adam"],
  ["FRANÇOIS", "Lina"],
  ["LEGRAND", "Gabriel"],
  ["GAUTHIER", "Emma"],
  ["PERRIN", "Raphaël"],
  ["ROBIN", "Alice"],
  ["CLÉMENT", "Arthur"],
  ["DIALLO", "Aminata"],
];

const SCALE = [
  {
    label: "Exercice 1",
    children: [
      { label: "1.a", max: 2 },
      { label: "1.b", max: 3 },
    ],
  },
  {
    label: "Exercice 2",
    children: [
      {
        label: "Partie A",
        max: 0,
        children: [
          { label: "2.a", max: 2 },
          { label: "2.b", max: 3 },
        ],
      },
    ],
  },
  {
    label: "Exercice 3",
    children: [
      { label: "3.a", max: 4 },
      { label: "3.b", max: 6 },
    ],
  },
];

const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, "");

export async function seedDemo(db: Db, mediaRoot: string): Promise<boolean> {
  if ((await db.user.count()) > 0) return false;
  const media = new MediaStore(mediaRoot);
  const staff: Record<string, string> = {};
  for (const a of DEMO_ACCOUNTS) {
    const u = await db.user.create({
      data: { username: a.username, displayName: a.displayName, role: a.role, passwordHash: await hashPassword(a.password), mustChangePassword: true },
    });
    staff[a.username] = u.id;
  }
  const students = [];
  for (const [i, [last, first]] of STUDENTS.entries()) {
    const email = `${ascii(first)}.${ascii(last)}@demo.korrigo.fr`;
    const user = await db.user.create({
      data: {
        username: email,
        email,
        displayName: `${first} ${last}`,
        role: "STUDENT",
        passwordHash: await hashPassword(DEMO_STUDENT_PASSWORD),
        mustChangePassword: true,
      }, // a salt each
    });
    students.push(
      await db.student.create({
        data: {
          ine: `${String(100000000 + i * 7919).slice(0, 9)}${"ABCDEFGHJK"[i % 10]}`,
          lastName: last,
          firstName: first,
          className: "TG2",
          email,
          birthDate: new Date(Date.UTC(2008, i % 12, (i % 27) + 1)),
          userId: user.id,
        },
      }),
    );
  }
  const prefix = newCodePrefix();
  const exam = await db.exam.create({
    data: {
      title: "Bac blanc de mathématiques",
      subject: "Mathématiques",
      examDate: new Date(Date.UTC(2026, 10, 18)),
      status: "ACTIVE",
      codePrefix: prefix,
      createdById: staff.admin!,
    },
  });
  const leaves: string[] = [];
  const addNodes = async (
    nodes: typeof SCALE | Array<{ label: string; max: number; children?: Array<{ label: string; max: number }> }>,
    parentId: string | null,
    depth: number,
  ) => {
    for (const [position, n] of nodes.entries()) {
      const children = "children" in n ? n.children : undefined;
      const kind = depth === 0 ? "EXERCISE" : depth === 1 ? "QUESTION" : "SUBQUESTION";
      const node = await db.scaleNode.create({
        data: { examId: exam.id, parentId, kind, label: n.label, position, maxPoints: children?.length ? null : "max" in n ? n.max : null },
      });
      if (children?.length) await addNodes(children, node.id, depth + 1);
      else leaves.push(node.id);
    }
  };
  await addNodes(SCALE, null, 0);

  for (const [kind, originalName, bytes] of [
    ["SUBJECT", "Sujet bac blanc maths.pdf", await demoSubjectPdf()],
    ["ANSWER_KEY", "Corrigé bac blanc maths.pdf", await demoAnswerKeyPdf()],
  ] as const) {
    const stored = await media.putBytes("documents", bytes, "pdf");
    await db.examDocument.create({
      data: { examId: exam.id, kind, originalName, sha256: stored.sha256, sizeBytes: stored.size, mimeType: "application/pdf", storagePath: stored.rel },
    });
  }

  const graders = [staff["prof.martin"]!, staff["prof.bernard"]!];
  for (let i = 0; i < 6; i++) {
    const s = students[i]!;
    const bytes = await scanLikeCopyPdf({ studentName: `${s.lastName} ${s.firstName}`, className: "TG2", pages: 2, seed: i + 1 });
    const stored = await media.putBytes("scans", bytes, "pdf");
    const pageCount = (await PDFDocument.load(bytes)).getPageCount();
    const seq = i + 1;
    await db.copy.create({
      data: {
        examId: exam.id,
        seq,
        anonymousCode: formatAnonymousCode(prefix, seq),
        state: "READY",
        studentId: s.id,
        pages: {
          create: Array.from({ length: pageCount }, (_, p) => ({ position: p, sourcePath: stored.rel, sourcePage: p, widthPt: 595.28, heightPt: 841.89 })),
        },
        assignments: { create: [{ graderId: graders[i % 2]! }] },
      },
    });
  }
  // the demo's header box (name, class) ends at 16 % of page 1: graders get it painted over, not Exercice 1
  await db.exam.update({ where: { id: exam.id }, data: { nextCopySeq: 7, identityZones: [{ page: 1, x: 0, y: 0, w: 1, h: 0.165 }] } });
  return true;
}
