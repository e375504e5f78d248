-- CreateTable
CREATE TABLE "QuestionRegion" (
    "examId" UUID NOT NULL,
    "questionId" VARCHAR(128) NOT NULL,
    "position" SMALLINT NOT NULL,
    "page" SMALLINT NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,
    "w" DOUBLE PRECISION NOT NULL,
    "h" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionRegion_pkey" PRIMARY KEY ("examId","questionId","position")
);

-- CreateTable
CREATE TABLE "QuestionClaim" (
    "copyId" UUID NOT NULL,
    "questionId" VARCHAR(128) NOT NULL,
    "examId" UUID NOT NULL,
    "holderId" UUID NOT NULL,
    "nodeId" VARCHAR(64) NOT NULL,
    "acquiredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "QuestionClaim_pkey" PRIMARY KEY ("copyId","questionId")
);

-- CreateIndex
CREATE INDEX "QuestionClaim_examId_questionId_idx" ON "QuestionClaim"("examId", "questionId");

-- CreateIndex
CREATE INDEX "QuestionClaim_holderId_idx" ON "QuestionClaim"("holderId");

-- AddForeignKey
ALTER TABLE "QuestionRegion" ADD CONSTRAINT "QuestionRegion_examId_fkey" FOREIGN KEY ("examId") REFERENCES "Exam"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionClaim" ADD CONSTRAINT "QuestionClaim_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuestionClaim" ADD CONSTRAINT "QuestionClaim_holderId_fkey" FOREIGN KEY ("holderId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;


