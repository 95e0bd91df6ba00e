/**
 * Preloaded (`node --import`) into every process the start-up suite spawns: at exit, appends the
 * process's CPU time (user + system) and its wall time since the process started (performance.now())
 * to the file named by CORSPROOF_STARTUP_PROBE. Every command pays the same for this module.
 */
import { appendFileSync } from "node:fs";

process.on("exit", () => {
  const cpu = process.cpuUsage();
  appendFileSync(process.env.CORSPROOF_STARTUP_PROBE, `${JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, sinceStartMs: performance.now() })}\n`);
});
