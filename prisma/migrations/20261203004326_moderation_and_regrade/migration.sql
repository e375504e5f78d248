-- CreateEnum
CREATE TYPE "ModerationRule" AS ENUM ('FIRST', 'MEAN', 'HIGHER');

-- CreateEnum
CREATE TYPE "SecondMarkingStatus" AS ENUM ('WAITING', 'GRADING', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RegradeStatus" AS ENUM ('OPEN', 'REFUSED', 'ACCEPTED', 'RESOLVED', 'WITHDRAWN');

-- AlterTable
ALTER TABLE "Exam" ADD COLUMN     "moderationRule" "ModerationRule" NOT NULL DEFAULT 'MEAN',
ADD COLUMN     "moderationTolerance" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "regradeMaxPerStudent" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "regradeWindowDays" INTEGER;

-- CreateTable
CREATE TABLE "SecondMarking" (
    "copyId" UUID NOT NULL,
    "firstMarkerId" UUID,
    "markerId" UUID,
    "status" "SecondMarkingStatus" NOT NULL DEFAULT 'WAITING',
    "requestedById" UUID,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finalizedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SecondMarking_pkey" PRIMARY KEY ("copyId")
);

-- CreateTable
CREATE TABLE "QuestionReconciliation" (
    "copyId" UUID NOT NULL,
    "questionId" VARCHAR(128) NOT NULL,
    "source" VARCHAR(16) NOT NULL,
    "mark" DOUBLE PRECISION NOT NULL,
    "comment" VARCHAR(500),
    "auto" BOOLEAN NOT NULL DEFAULT false,
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionReconciliation_pkey" PRIMARY KEY ("copyId","questionId")
);

-- CreateTable
CREATE TABLE "RegradeRequest" (
    "id" UUID NOT NULL,
    "copyId" UUID NOT NULL,
    "questionId" VARCHAR(128) NOT NULL,
    "studentId" UUID NOT NULL,
    "message" VARCHAR(2000) NOT NULL,
    "status" "RegradeStatus" NOT NULL DEFAULT 'OPEN',
    "answer" VARCHAR(2000),
    "answeredById" UUID,
    "answeredAt" TIMESTAMPTZ(3),
    "fromVersion" INTEGER NOT NULL,
    "resolvedVersion" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RegradeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecondMarking_markerId_status_idx" ON "SecondMarking"("markerId", "status");

-- CreateIndex
CREATE INDEX "RegradeRequest_copyId_questionId_idx" ON "RegradeRequest"("copyId", "questionId");

-- CreateIndex
CREATE INDEX "RegradeRequest_studentId_idx" ON "RegradeRequest"("studentId");

-- AddForeignKey
ALTER TABLE "SecondMarking" ADD CONSTRAINT "SecondMarking_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionReconciliation" ADD CONSTRAINT "QuestionReconciliation_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegradeRequest" ADD CONSTRAINT "RegradeRequest_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


