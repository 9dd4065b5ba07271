// Zod pieces shared by the request-body schemas, with the limits the OpenAPI document states: text
// PostgreSQL can store (no NUL, no lone UTF-16 surrogate) and ids (1-200 characters of such text).
import { z } from "zod";

export const ID_MAX_LENGTH = 200;

/** Any text a text column takes: PostgreSQL refuses NUL, and a lone surrogate has no UTF-8 form. */
export const storableText = z.string().refine((text) => !/\u0000|\p{Cs}/u.test(text), "must not contain NUL (U+0000) or a lone surrogate");

export const id = storableText.min(1).max(ID_MAX_LENGTH);
