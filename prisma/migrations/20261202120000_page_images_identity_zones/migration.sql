-- AlterTable
ALTER TABLE "Exam" ADD COLUMN     "identityZones" JSONB NOT NULL DEFAULT '[{"page":1,"x":0,"y":0,"w":1,"h":0.25}]',
ADD COLUMN     "supervisorsSeeNames" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Page" ADD COLUMN     "imageError" TEXT;

-- CreateTable
CREATE TABLE "PageImage" (
    "pageId" UUID NOT NULL,
    "variant" VARCHAR(8) NOT NULL,
    "redacted" BOOLEAN NOT NULL,
    "key" CHAR(64) NOT NULL,
    "path" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "bytes" INTEGER NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PageImage_pkey" PRIMARY KEY ("pageId","variant","redacted")
);

-- AddForeignKey
ALTER TABLE "PageImage" ADD CONSTRAINT "PageImage_pageId_fkey" FOREIGN KEY ("pageId") REFERENCES "Page"("id") ON DELETE CASCADE ON UPDATE CASCADE;


