// Loaded into node processes with NODE_OPTIONS=--import=<this file> when GNU time is not there:
// writes the process's peak resident memory, in bytes, to the file BENCH_RSS_FILE names, at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)); // maxRSS is in KiB
    } catch {
      // A measurement that cannot be written is reported as not measured.
    }
  });
}
