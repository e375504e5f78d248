-- AlterTable
ALTER TABLE "CopyDocUpdate" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'desk',
ADD COLUMN     "summary" JSONB;

-- CreateTable
CREATE TABLE "CopyDocHistory" (
    "seq" BIGINT NOT NULL,
    "copyId" UUID NOT NULL,
    "data" BYTEA NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "origin" TEXT NOT NULL,
    "summary" JSONB,

    CONSTRAINT "CopyDocHistory_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "CopyDocHistorySnapshot" (
    "copyId" UUID NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "data" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CopyDocHistorySnapshot_pkey" PRIMARY KEY ("copyId","upToSeq")
);

-- CreateIndex
CREATE INDEX "CopyDocHistory_copyId_seq_idx" ON "CopyDocHistory"("copyId", "seq");

-- AddForeignKey
ALTER TABLE "CopyDocHistory" ADD CONSTRAINT "CopyDocHistory_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyDocHistory" ADD CONSTRAINT "CopyDocHistory_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CopyDocHistorySnapshot" ADD CONSTRAINT "CopyDocHistorySnapshot_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


