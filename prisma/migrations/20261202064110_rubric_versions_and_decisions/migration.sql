-- AlterTable
ALTER TABLE "Exam" ADD COLUMN     "rubricVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "RubricVersion" (
    "id" UUID NOT NULL,
    "examId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "parentNumber" INTEGER,
    "content" JSONB NOT NULL,
    "note" VARCHAR(500),
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RubricVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionDecision" (
    "copyId" UUID NOT NULL,
    "layer" VARCHAR(32) NOT NULL DEFAULT '',
    "questionId" VARCHAR(128) NOT NULL,
    "score" DOUBLE PRECISION,
    "items" VARCHAR(64)[] DEFAULT ARRAY[]::VARCHAR(64)[],
    "adjustPoints" DOUBLE PRECISION,
    "adjustComment" VARCHAR(500),
    "checked" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "QuestionDecision_pkey" PRIMARY KEY ("copyId","layer","questionId")
);

-- CreateTable
CREATE TABLE "DecisionBackfill" (
    "copyId" UUID NOT NULL,

    CONSTRAINT "DecisionBackfill_pkey" PRIMARY KEY ("copyId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RubricVersion_examId_number_key" ON "RubricVersion"("examId", "number");

-- CreateIndex
CREATE INDEX "QuestionDecision_questionId_idx" ON "QuestionDecision"("questionId");

-- AddForeignKey
ALTER TABLE "RubricVersion" ADD CONSTRAINT "RubricVersion_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricVersion" ADD CONSTRAINT "RubricVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionDecision" ADD CONSTRAINT "QuestionDecision_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Copies stored before the projection existed: decoded once by the start-up backfill.
INSERT INTO "DecisionBackfill" ("copyId")
SELECT "copyId" FROM "CopyDocUpdate" UNION SELECT "copyId" FROM "CopyDocSnapshot";
