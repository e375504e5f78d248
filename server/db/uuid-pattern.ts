/** A UUID as PostgreSQL's uuid type prints it (any case): checked before an id reaches SQL text or a batch. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
