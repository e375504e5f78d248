-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'SUPERVISOR', 'GRADER', 'STUDENT');

-- CreateEnum
CREATE TYPE "ExamStatus" AS ENUM ('DRAFT', 'ACTIVE', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "ScaleNodeKind" AS ENUM ('EXERCISE', 'QUESTION', 'SUBQUESTION');

-- CreateEnum
CREATE TYPE "ExamDocumentKind" AS ENUM ('SUBJECT', 'ANSWER_KEY', 'OTHER');

-- CreateEnum
CREATE TYPE "ScanMode" AS ENUM ('PER_COPY', 'SPLIT_EVERY_N', 'A3_BOOKLET');

-- CreateEnum
CREATE TYPE "BatchStatus" AS ENUM ('UPLOADED', 'PROCESSING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "CopyState" AS ENUM ('STAGING', 'READY', 'FINALIZING', 'GRADED', 'RENDER_FAILED');

-- CreateEnum
CREATE TYPE "PageHalf" AS ENUM ('FULL', 'LEFT', 'RIGHT');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" VARCHAR(120) NOT NULL,
    "email" VARCHAR(254),
    "displayName" VARCHAR(200) NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "locale" VARCHAR(8) NOT NULL DEFAULT 'fr',
    "lastLoginAt" TIMESTAMPTZ(3),
    "passwordChangedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Student" (
    "id" UUID NOT NULL,
    "ine" VARCHAR(32),
    "lastName" VARCHAR(120) NOT NULL,
    "firstName" VARCHAR(120) NOT NULL,
    "className" VARCHAR(60),
    "email" VARCHAR(254),
    "birthDate" DATE,
    "userId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Student_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exam" (
    "id" UUID NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "subject" VARCHAR(120),
    "examDate" DATE,
    "status" "ExamStatus" NOT NULL DEFAULT 'DRAFT',
    "codePrefix" CHAR(4) NOT NULL,
    "nextCopySeq" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "archivedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Exam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScaleNode" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "parentId" UUID,
    "kind" "ScaleNodeKind" NOT NULL,
    "label" VARCHAR(120) NOT NULL,
    "position" INTEGER NOT NULL,
    "maxPoints" DECIMAL(6,2),
    "variant" VARCHAR(4),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScaleNode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamDocument" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "kind" "ExamDocumentKind" NOT NULL,
    "originalName" VARCHAR(255) NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "mimeType" VARCHAR(100) NOT NULL,
    "storagePath" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanBatch" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "mode" "ScanMode" NOT NULL,
    "pagesPerCopy" INTEGER,
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "BatchStatus" NOT NULL DEFAULT 'UPLOADED',
    "originalName" VARCHAR(255) NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "storagePath" TEXT NOT NULL,
    "totalPages" INTEGER NOT NULL DEFAULT 0,
    "processedPages" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "uploadedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ScanBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Copy" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "batchId" UUID,
    "seq" INTEGER NOT NULL,
    "anonymousCode" VARCHAR(16) NOT NULL,
    "state" "CopyState" NOT NULL DEFAULT 'STAGING',
    "variant" VARCHAR(4),
    "studentId" UUID,
    "docHash" CHAR(64),
    "finalizedAt" TIMESTAMPTZ(3),
    "finalizedById" UUID,
    "renderError" TEXT,
    "renderAttempts" INTEGER NOT NULL DEFAULT 0,
    "releasedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Copy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAbsence" (
    "examId" UUID NOT NULL,
    "studentId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAbsence_pkey" PRIMARY KEY ("examId","studentId")
);

-- CreateTable
CREATE TABLE "Page" (
    "id" UUID NOT NULL,
    "copyId" UUID,
    "batchId" UUID,
    "position" INTEGER NOT NULL,
    "sourcePath" TEXT NOT NULL,
    "sourcePage" INTEGER NOT NULL,
    "rotation" INTEGER NOT NULL DEFAULT 0,
    "half" "PageHalf" NOT NULL DEFAULT 'FULL',
    "widthPt" DOUBLE PRECISION NOT NULL,
    "heightPt" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL,
    "copyId" UUID NOT NULL,
    "graderId" UUID NOT NULL,
    "questionIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CopyLock" (
    "copyId" UUID NOT NULL,
    "holderId" UUID NOT NULL,
    "sessionId" VARCHAR(128) NOT NULL,
    "nodeId" VARCHAR(64) NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renewedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CopyLock_pkey" PRIMARY KEY ("copyId")
);

-- CreateTable
CREATE TABLE "CopyDocUpdate" (
    "seq" BIGSERIAL NOT NULL,
    "copyId" UUID NOT NULL,
    "data" BYTEA NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CopyDocUpdate_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "CopyDocSnapshot" (
    "copyId" UUID NOT NULL,
    "data" BYTEA NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CopyDocSnapshot_pkey" PRIMARY KEY ("copyId")
);

-- CreateTable
CREATE TABLE "RenderedArtifact" (
    "id" UUID NOT NULL,
    "copyId" UUID NOT NULL,
    "docHash" CHAR(64) NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "storagePath" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RenderedArtifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnotationBankEntry" (
    "id" UUID NOT NULL,
    "ownerId" UUID,
    "examId" UUID,
    "text" VARCHAR(500) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnnotationBankEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorName" VARCHAR(254),
    "action" VARCHAR(64) NOT NULL,
    "targetType" VARCHAR(32),
    "targetId" VARCHAR(64),
    "ip" VARCHAR(64),
    "userAgent" VARCHAR(400),
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" VARCHAR(128) NOT NULL,
    "userId" UUID,
    "data" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" VARCHAR(255) NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Student_ine_key" ON "Student"("ine");

-- CreateIndex
CREATE UNIQUE INDEX "Student_email_key" ON "Student"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Student_userId_key" ON "Student"("userId");

-- CreateIndex
CREATE INDEX "Student_lastName_firstName_idx" ON "Student"("lastName", "firstName");

-- CreateIndex
CREATE UNIQUE INDEX "Exam_codePrefix_key" ON "Exam"("codePrefix");

-- CreateIndex
CREATE INDEX "ScaleNode_examId_parentId_position_idx" ON "ScaleNode"("examId", "parentId", "position");

-- CreateIndex
CREATE INDEX "ExamDocument_examId_idx" ON "ExamDocument"("examId");

-- CreateIndex
CREATE INDEX "ScanBatch_examId_idx" ON "ScanBatch"("examId");

-- CreateIndex
CREATE UNIQUE INDEX "Copy_anonymousCode_key" ON "Copy"("anonymousCode");

-- CreateIndex
CREATE INDEX "Copy_examId_state_idx" ON "Copy"("examId", "state");

-- CreateIndex
CREATE UNIQUE INDEX "Copy_examId_seq_key" ON "Copy"("examId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Copy_examId_studentId_key" ON "Copy"("examId", "studentId");

-- CreateIndex
CREATE INDEX "Page_copyId_position_idx" ON "Page"("copyId", "position");

-- CreateIndex
CREATE INDEX "Page_batchId_idx" ON "Page"("batchId");

-- CreateIndex
CREATE INDEX "Assignment_graderId_idx" ON "Assignment"("graderId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_copyId_graderId_key" ON "Assignment"("copyId", "graderId");

-- CreateIndex
CREATE INDEX "CopyLock_expiresAt_idx" ON "CopyLock"("expiresAt");

-- CreateIndex
CREATE INDEX "CopyLock_nodeId_idx" ON "CopyLock"("nodeId");

-- CreateIndex
CREATE INDEX "CopyDocUpdate_copyId_seq_idx" ON "CopyDocUpdate"("copyId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "RenderedArtifact_copyId_docHash_key" ON "RenderedArtifact"("copyId", "docHash");

-- CreateIndex
CREATE INDEX "AnnotationBankEntry_ownerId_idx" ON "AnnotationBankEntry"("ownerId");

-- CreateIndex
CREATE INDEX "AnnotationBankEntry_examId_idx" ON "AnnotationBankEntry"("examId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_targetId_idx" ON "AuditEvent"("targetId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- AddForeignKey
ALTER TABLE "Student" ADD CONSTRAINT "Student_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exam" ADD CONSTRAINT "Exam_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScaleNode" ADD CONSTRAINT "ScaleNode_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScaleNode" ADD CONSTRAINT "ScaleNode_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "ScaleNode"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamDocument" ADD CONSTRAINT "ExamDocument_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanBatch" ADD CONSTRAINT "ScanBatch_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScanBatch" ADD CONSTRAINT "ScanBatch_uploadedById_fkey" FOREIGN KEY ("uploadedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Copy" ADD CONSTRAINT "Copy_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Copy" ADD CONSTRAINT "Copy_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ScanBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Copy" ADD CONSTRAINT "Copy_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Copy" ADD CONSTRAINT "Copy_finalizedById_fkey" FOREIGN KEY ("finalizedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAbsence" ADD CONSTRAINT "ExamAbsence_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAbsence" ADD CONSTRAINT "ExamAbsence_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Page" ADD CONSTRAINT "Page_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ScanBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_graderId_fkey" FOREIGN KEY ("graderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyLock" ADD CONSTRAINT "CopyLock_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyLock" ADD CONSTRAINT "CopyLock_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyDocUpdate" ADD CONSTRAINT "CopyDocUpdate_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyDocUpdate" ADD CONSTRAINT "CopyDocUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyDocSnapshot" ADD CONSTRAINT "CopyDocSnapshot_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RenderedArtifact" ADD CONSTRAINT "RenderedArtifact_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationBankEntry" ADD CONSTRAINT "AnnotationBankEntry_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnotationBankEntry" ADD CONSTRAINT "AnnotationBankEntry_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- The audit trail is append-only: updates are dropped, deletes only happen inside a retention
-- purge that sets korrigo.audit_purge = 'on' for its transaction.
CREATE RULE "audit_event_no_update" AS ON UPDATE TO "AuditEvent" DO INSTEAD NOTHING;
CREATE RULE "audit_event_no_delete" AS ON DELETE TO "AuditEvent" WHERE coalesce(current_setting('korrigo.audit_purge', true), '') <> 'on' DO INSTEAD NOTHING;
