// fokus transcript convert|number
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import type { Run } from '../cli.js';
import { UserError } from '../errors.js';
import type { TranscriptFormat } from '../core/model.js';
import { removeFile, sessionById, writeYamlFile, type LoadedSession } from '../store/project.js';
import { encodeRaw, readTextFile, writeFileAtomic, writeTextAtomic } from '../store/text-file.js';
import { countComments, parseYaml, setFirst } from '../store/yaml-doc.js';
import { readTranscript, writeTranscript, TRANSCRIPT_FORMS } from '../transcript/index.js';
import { insertMarkdownIds } from '../transcript/markdown.js';
import { openProject, plural } from './_shared.js';

function transcriptOf(s: LoadedSession) {
  if (!s.transcript)
    throw new UserError(
      `session ${s.session.value.id} has no transcript yet; fokus import ${s.session.value.id} <file>`,
      undefined,
      'no-transcript',
    );
  return s.transcript;
}

export async function convert(r: Run, sessionId: string, opts: { to: TranscriptFormat; force?: boolean; json?: boolean }): Promise<number> {
  const p = openProject(r, { coding: false });
  const s = sessionById(p, sessionId);
  const t = transcriptOf(s);
  if (t.format === opts.to)
    throw new UserError(`the transcript is already ${TRANSCRIPT_FORMS[opts.to].file}`, { file: t.file }, 'nothing-to-do');
  const target = join(s.dir, TRANSCRIPT_FORMS[opts.to].file);
  if (t.format === 'yaml' && !opts.force) {
    const comments = countComments(parseYaml(readTextFile(t.file)));
    if (comments) {
      throw new UserError(
        `the YAML transcript holds ${plural(comments, 'comment')}, which Markdown cannot keep; move them into the text, or give --force to convert without them`,
        { file: t.file },
        'would-lose-comments',
      );
    }
  }
  const text = writeTranscript(opts.to, t.transcript);
  // Read the new form back before the old one goes: the conversion must lose nothing.
  const back = readTranscript(opts.to, target, text);
  if (back.problems.some((x) => x.severity === 'error') || !isDeepStrictEqual(back.transcript, t.transcript)) {
    throw new Error(`converting ${t.file} to ${opts.to} would change it; nothing was written`);
  }
  writeTextAtomic(target, text);
  removeFile(t.file);
  if (opts.json) r.out.json({ session: sessionId, from: r.out.path(t.file), to: r.out.path(target), numbered: t.unnumbered.length });
  else
    r.out.line(
      `Converted ${r.out.path(t.file)} to ${r.out.path(target)}${t.unnumbered.length ? ` (and numbered ${plural(t.unnumbered.length, 'turn')})` : ''}`,
    );
  return 0;
}

export async function number(r: Run, sessionId: string, opts: { json?: boolean }): Promise<number> {
  const p = openProject(r, { coding: false });
  const s = sessionById(p, sessionId);
  const t = transcriptOf(s);
  const edits = t.unnumbered.map((i) => {
    const b = t.transcript.blocks[i]!;
    return { index: i, line: t.locate(i).line, id: b.kind === 'turn' ? b.id : '' };
  });
  if (edits.length) {
    const file = readTextFile(t.file);
    if (t.format === 'md') {
      // Into the file as written: its line endings and letters stay as they are.
      writeFileAtomic(t.file, encodeRaw(insertMarkdownIds(file.raw, edits), file));
    } else {
      const y = parseYaml(file);
      for (const e of edits) setFirst(y, ['turns', e.index], 'id', e.id);
      writeYamlFile(y);
    }
  }
  if (opts.json) r.out.json({ session: sessionId, file: r.out.path(t.file), numbered: edits.map((e) => e.id) });
  else
    r.out.line(
      edits.length ? `Wrote ids ${edits.map((e) => e.id).join(', ')} into ${r.out.path(t.file)}` : 'Every turn already has an id.',
    );
  return 0;
}
