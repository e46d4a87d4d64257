// One temporary folder per test run, removed when it ends: the tests make thousands of projects.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'fokus-tests-'));
  process.env.FOKUS_TEST_TMP = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
