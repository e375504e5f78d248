-- AlterTable: when every question of a question-range assignment became scored (null: not all
-- scored, or a whole-copy assignment). Kept by the commit transaction of the copy's updates.
ALTER TABLE "Assignment" ADD COLUMN "partDoneAt" TIMESTAMPTZ(3);
