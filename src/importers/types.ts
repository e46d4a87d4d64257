// What every importer produces: utterances in source order, with the speaker as the recording
// tool named them. Turning names into codes happens after, once, for all formats.

export interface Utterance {
  /** The speaker as labelled in the source (a display name, `SPEAKER_00`, ...), if any. */
  speaker?: string;
  start?: number;
  end?: number;
  text: string;
  /** Where the utterance starts in the source file, for messages (see Imported.locate). */
  line?: number;
  col?: number;
  /** Where the utterance starts in words, for files without lines (Word: `paragraph 12`, `table 1, row 4`). */
  place?: string;
}

export interface ImportOptions {
  /** Labels known to be speakers (from the key and --map), which the label heuristics accept. */
  knownLabels?: ReadonlySet<string>;
}

export type ImportFormat = 'vtt' | 'srt' | 'text' | 'whisper' | 'docx';

/** The formats read from text; a Word file is read from its bytes. */
export type TextFormat = Exclude<ImportFormat, 'docx'>;

export interface Imported {
  format: ImportFormat;
  /** A finer description for the user, e.g. "WebVTT (Microsoft Teams)". */
  flavour: string;
  utterances: Utterance[];
  /** Position of utterance i's speaker label, when it is costly to keep for every utterance. */
  locate?: (i: number) => { line: number; col: number };
}

export type Importer = (file: string, text: string, opts: ImportOptions) => Imported;
