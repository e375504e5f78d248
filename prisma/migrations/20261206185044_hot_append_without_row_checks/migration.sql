-- The group commit inserts into "CopyDocUpdate" in every batch, and its two foreign keys checked each
-- row (a trigger, a lookup and, for the author, a row lock written to the WAL): three quarters of
-- the time of the insert for a batch of ten strokes (docs/operations.md, "The commit path"). The
-- child side needs no check there: the same transaction has locked the copy (FOR NO KEY UPDATE)
-- before inserting, and the author is the server-stamped actor of a session found live under that
-- lock. What the copy key did when a copy changes is kept, as triggers that fire only then. A user
-- is never deleted nor re-keyed (the audit log refuses both: "AuditEvent_actorId_fkey" under its
-- append-only rule), so the author key had nothing to do on that side.

-- DropForeignKey
ALTER TABLE "CopyDocUpdate" DROP CONSTRAINT "CopyDocUpdate_authorId_fkey";

-- DropForeignKey
ALTER TABLE "CopyDocUpdate" DROP CONSTRAINT "CopyDocUpdate_copyId_fkey";

-- The function bodies are E-strings with \073 for each semicolon: the Prisma CLI applies this file
-- to its shadow database (migrate diff, the schema drift test) cut at every semicolon, dollar
-- quotes or not, while Korrigo applies it whole (server/db/migrate.ts).

-- ON DELETE RESTRICT: a copy that holds updates is not deleted (with the error code the key gave)
CREATE FUNCTION korrigo_copy_doc_update_restrict() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF EXISTS (SELECT 1 FROM "CopyDocUpdate" WHERE "copyId" = OLD.id) THEN
    RAISE EXCEPTION ''update or delete on table "Copy" violates foreign key constraint "CopyDocUpdate_copyId_fkey" on table "CopyDocUpdate"''
      USING ERRCODE = ''foreign_key_violation'', DETAIL = format(''Key (id)=(%s) is still referenced from table "CopyDocUpdate".'', OLD.id),
            CONSTRAINT = ''CopyDocUpdate_copyId_fkey'', TABLE = ''CopyDocUpdate''\073
  END IF\073
  RETURN OLD\073
END';
CREATE TRIGGER "CopyDocUpdate_copyId_restrict" BEFORE DELETE ON "Copy" FOR EACH ROW EXECUTE FUNCTION korrigo_copy_doc_update_restrict();

-- ON UPDATE CASCADE (the id of a copy)
CREATE FUNCTION korrigo_copy_doc_update_copy_rekey() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE "CopyDocUpdate" SET "copyId" = NEW.id WHERE "copyId" = OLD.id\073
  RETURN NULL\073
END';
CREATE TRIGGER "CopyDocUpdate_copyId_cascade" AFTER UPDATE OF id ON "Copy" FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id)
  EXECUTE FUNCTION korrigo_copy_doc_update_copy_rekey();
