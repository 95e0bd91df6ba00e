/** Module-loader hook: appends every resolved module URL to the file named by RECORD_IMPORTS. */
import { appendFileSync } from "node:fs";

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.RECORD_IMPORTS, `${resolved.url}\n`);
  return resolved;
}
