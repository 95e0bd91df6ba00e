/** `node --import <this file>`: record which modules a process loads (see hooks.mjs). */
import { register } from "node:module";

register(new URL("./hooks.mjs", import.meta.url));
