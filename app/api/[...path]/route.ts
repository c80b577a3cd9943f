// Any /api/… address no route answers: a JSON 404 like every other API error (Next's own is its HTML page).
import { errorResponse } from "@/lib/http/api";
import { AppError } from "@/lib/errors";

const notARoute = (req: Request) =>
  errorResponse(new AppError("NOT_FOUND", `There is no API route ${new URL(req.url).pathname}; the API reference is in the README.`));

export { notARoute as GET, notARoute as POST, notARoute as PUT, notARoute as PATCH, notARoute as DELETE, notARoute as OPTIONS };
