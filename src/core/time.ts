// Times into a recording, held as whole milliseconds and written HH:MM:SS(.mmm).

const TIME_RE = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$/;

/** Parses `HH:MM:SS`, `MM:SS`, with optional `.mmm` or `,mmm`; undefined if it is not a time. */
export function parseTime(s: string): number | undefined {
  const m = TIME_RE.exec(s.trim());
  if (!m) return undefined;
  const [, h, min, sec, frac] = m;
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
  return ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(sec)) * 1000 + ms;
}

export function formatTime(ms: number): string {
  const total = Math.round(ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const frac = total % 1000;
  const base = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return frac ? `${base}.${String(frac).padStart(3, '0')}` : base;
}

/** Seconds (as Whisper writes them) to whole milliseconds. */
export function secondsToMs(s: number): number {
  return Math.round(s * 1000);
}
