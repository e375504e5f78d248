-- AlterTable
ALTER TABLE "Exam" ADD COLUMN     "expectedPageCount" INTEGER;
