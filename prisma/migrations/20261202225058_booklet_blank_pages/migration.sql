-- AlterTable
ALTER TABLE "Booklet" ADD COLUMN     "blankPages" BOOLEAN NOT NULL DEFAULT false;


