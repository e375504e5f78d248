-- CreateEnum
CREATE TYPE "BookletKind" AS ENUM ('COPY', 'EXTRA');

-- AlterEnum
ALTER TYPE "ScanMode" ADD VALUE 'QR_BOOKLETS';

-- AlterTable
ALTER TABLE "Exam" ADD COLUMN     "bookletSecret" VARCHAR(64);

-- AlterTable
ALTER TABLE "Page" ADD COLUMN     "bookletPage" INTEGER,
ADD COLUMN     "extraBookletId" UUID,
ADD COLUMN     "looseReason" VARCHAR(300),
ADD COLUMN     "scanSide" INTEGER;

-- CreateTable
CREATE TABLE "Booklet" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "token" VARCHAR(16) NOT NULL,
    "kind" "BookletKind" NOT NULL,
    "run" INTEGER NOT NULL,
    "seq" INTEGER,
    "anonymousCode" VARCHAR(16),
    "studentId" UUID,
    "pageCount" INTEGER NOT NULL,
    "copyId" UUID,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Booklet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Booklet_token_key" ON "Booklet"("token");

-- CreateIndex
CREATE UNIQUE INDEX "Booklet_anonymousCode_key" ON "Booklet"("anonymousCode");

-- CreateIndex
CREATE UNIQUE INDEX "Booklet_copyId_key" ON "Booklet"("copyId");

-- CreateIndex
CREATE INDEX "Booklet_examId_run_idx" ON "Booklet"("examId", "run");

-- CreateIndex
CREATE UNIQUE INDEX "Booklet_examId_seq_key" ON "Booklet"("examId", "seq");

-- AddForeignKey
ALTER TABLE "Booklet" ADD CONSTRAINT "Booklet_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booklet" ADD CONSTRAINT "Booklet_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "Student"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Booklet" ADD CONSTRAINT "Booklet_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE SET NULL ON UPDATE CASCADE;


