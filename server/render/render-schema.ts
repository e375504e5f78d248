import { z } from "zod";

export const CopyIdParam = z.object({ id: z.string().uuid() });
