// The two native transcript forms by file name: one table, so adding a form is one row.
import type { Transcript, TranscriptFormat } from '../core/model.js';
import type { TranscriptRead } from './common.js';
import { readMarkdownTranscript, writeMarkdownTranscript } from './markdown.js';
import { readYamlTranscript, writeYamlTranscript } from './yaml.js';

export type { TranscriptRead } from './common.js';

interface TranscriptForm {
  file: string;
  read: (path: string, text: string) => TranscriptRead;
  write: (t: Transcript) => string;
}

export const TRANSCRIPT_FORMS: Record<TranscriptFormat, TranscriptForm> = {
  md: { file: 'transcript.md', read: readMarkdownTranscript, write: writeMarkdownTranscript },
  yaml: { file: 'transcript.yaml', read: readYamlTranscript, write: writeYamlTranscript },
};

export function readTranscript(format: TranscriptFormat, path: string, text: string): TranscriptRead {
  return TRANSCRIPT_FORMS[format].read(path, text);
}

export function writeTranscript(format: TranscriptFormat, t: Transcript): string {
  return TRANSCRIPT_FORMS[format].write(t);
}
