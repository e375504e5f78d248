-- CreateTable
CREATE TABLE "LayerDocUpdate" (
    "seq" BIGSERIAL NOT NULL,
    "copyId" UUID NOT NULL,
    "layer" VARCHAR(32) NOT NULL,
    "data" BYTEA NOT NULL,
    "authorId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "summary" JSONB,

    CONSTRAINT "LayerDocUpdate_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "LayerDocSnapshot" (
    "copyId" UUID NOT NULL,
    "layer" VARCHAR(32) NOT NULL,
    "data" BYTEA NOT NULL,
    "upToSeq" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LayerDocSnapshot_pkey" PRIMARY KEY ("copyId","layer")
);

-- CreateIndex
CREATE INDEX "LayerDocUpdate_copyId_layer_seq_idx" ON "LayerDocUpdate"("copyId", "layer", "seq");

-- AddForeignKey
ALTER TABLE "LayerDocUpdate" ADD CONSTRAINT "LayerDocUpdate_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LayerDocSnapshot" ADD CONSTRAINT "LayerDocSnapshot_copyId_fkey" FOREIGN KEY ("copyId") REFERENCES "Copy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


