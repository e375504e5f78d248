-- AlterTable
ALTER TABLE "RenderedArtifact" ADD COLUMN     "marksHash" CHAR(64);

-- CreateTable
CREATE TABLE "ReleasedVersion" (
    "id" UUID NOT NULL,
    "copyId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "maxPoints" DOUBLE PRECISION NOT NULL,
    "rubricVersion" INTEGER NOT NULL,
    "docHash" CHAR(64) NOT NULL,
    "contentHash" CHAR(64) NOT NULL,
    "pdfPath" TEXT NOT NULL,
    "pdfSha256" CHAR(64) NOT NULL,
    "pdfSizeBytes" INTEGER NOT NULL,
    "releasedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedById" UUID,

    CONSTRAINT "ReleasedVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReleasedVersion_copyId_number_key" ON "ReleasedVersion"("copyId", "number");

-- AddForeignKey
ALTER TABLE "ReleasedVersion" ADD CONSTRAINT "ReleasedVersion_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReleasedVersion" ADD CONSTRAINT "ReleasedVersion_releasedById_fkey" FOREIGN KEY ("releasedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


