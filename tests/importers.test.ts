import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectFormat, importText, joinUtterances } from '../src/importers/index.js';
import { jsonError } from '../src/importers/whisper.js';
import { candidateLabel, looksLikeName } from '../src/importers/labels.js';
import { decodeText } from '../src/store/text-file.js';
import { FIXTURES, userError } from './helpers.js';

const fixture = (name: string) => {
  const path = join(FIXTURES, 'import', name);
  return { path, text: decodeText(path, readFileSync(path)).text };
};
const read = (name: string, known?: string[]) => {
  const f = fixture(name);
  return importText(f.path, f.text, undefined, known ? { knownLabels: new Set(known) } : {});
};
const brief = (u: { speaker?: string; start?: number; end?: number; text: string }) => [u.speaker, u.start, u.end, u.text];

describe('WebVTT from Microsoft Teams', () => {
  const r = read('teams.vtt');

  it('is detected and reads voice tags, entities, cue settings and several voices in one cue', () => {
    expect(r.format).toBe('vtt');
    expect(r.flavour).toContain('Teams');
    expect(r.utterances.map(brief)).toEqual([
      ['Nordmann, Kari', 2480, 6910, 'Ja, hei. Jeg tror lyden fungerer nå,'],
      ['Nordmann, Kari', 6910, 9300, 'så vi kan bare begynne.'],
      ['Ola Hansen (Gjest)', 11020, 16775, 'Takk, Kari. Jeg jobber i hjemmetjenesten & har gjort det i ti år.'],
      ['Ola Hansen (Gjest)', 17100, 19400, 'Olas kollega kommer senere.'],
      ['Nordmann, Kari', 20000, 23000, 'Bra.'],
      ['Ola Hansen (Gjest)', 20000, 23000, 'Ja.'],
      ['Per Lund', 24000, 27500, 'Per her, beklager at jeg er sen. Vi kjører to timer per uke.'],
    ]);
  });

  it('joins consecutive cues of one speaker into one turn, keeping first start and last end', () => {
    const joined = joinUtterances(r.utterances, r.format).map(brief);
    expect(joined).toEqual([
      ['Nordmann, Kari', 2480, 9300, 'Ja, hei. Jeg tror lyden fungerer nå, så vi kan bare begynne.'],
      ['Ola Hansen (Gjest)', 11020, 19400, 'Takk, Kari. Jeg jobber i hjemmetjenesten & har gjort det i ti år. Olas kollega kommer senere.'],
      ['Nordmann, Kari', 20000, 23000, 'Bra.'],
      ['Ola Hansen (Gjest)', 20000, 23000, 'Ja.'],
      ['Per Lund', 24000, 27500, 'Per her, beklager at jeg er sen. Vi kjører to timer per uke.'],
    ]);
  });

  it('reports a malformed timestamp at its line and column', () => {
    const e = userError(() => importText('bad.vtt', 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:0x.500\n<v A>hei</v>\n', undefined));
    expect(e.problems[0]).toMatchObject({ file: 'bad.vtt', line: 4, col: 18, code: 'bad-timestamp' });
    expect(e.message).toContain("'00:00:0x.500'");
  });

  it('refuses a file that does not start with WEBVTT when told it is VTT', () => {
    expect(userError(() => importText('x.vtt', 'hei\n', 'vtt')).problems[0]).toMatchObject({ line: 1, col: 1, code: 'bad-vtt' });
  });

  it('refuses a block that is not a cue, saying where', () => {
    const e = userError(() => importText('x.vtt', 'WEBVTT\n\nbare tekst\nmer tekst\nenda mer\n', undefined));
    expect(e.problems[0]).toMatchObject({ line: 3, col: 1, code: 'bad-vtt' });
  });
});

describe('WebVTT from Zoom', () => {
  const r = read('zoom.vtt');
  it('takes "Name:" labels, including lower-case ones that recur, but not a colon inside speech', () => {
    expect(r.flavour).toContain('Zoom');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', 1000, 4200, 'Velkommen til samlingen, alle sammen.'],
      ['Kari Nordmann', 4200, 7900, 'Vi starter med en kort runde.'],
      ['ola hansen', 8500, 12000, 'Det jeg vil si er: vi trenger mer tid.'],
      ['ola hansen', 12300, 15000, 'Særlig på kveldstid.'],
      ['Kari Nordmann', 15500, 17000, 'Takk.'],
    ]);
  });
});

describe('SRT', () => {
  const r = read('sample.srt');
  it('reads CRLF files, strips tags, joins wrapped lines and splits dialogue dashes', () => {
    expect(r.format).toBe('srt');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', 1000, 3500, 'Hei og velkommen.'],
      [undefined, 3600, 6000, 'Er det noen som vil begynne?'],
      [undefined, 3600, 6000, 'Jeg kan ta det.'],
      ['Ola Hansen', 6100, 9000, 'Jeg har jobbet i kommunen i mange år.'],
    ]);
  });

  it('never joins cues without a speaker: nobody knows they are one person', () => {
    expect(joinUtterances(r.utterances, r.format)).toHaveLength(4);
  });

  it('reports a bad SRT timestamp by position', () => {
    const e = userError(() => importText('x.srt', '1\n00:00:01,000 --> 00:00:03;500\nhei\n', 'srt'));
    expect(e.problems[0]).toMatchObject({ line: 2, col: 18, code: 'bad-timestamp' });
  });
});

describe('plain text', () => {
  it('reads Name: and [Name] lines, times before and after the name, continuations and paragraphs', () => {
    const r = read('plain.txt');
    expect(r.format).toBe('text');
    expect(r.utterances.map(brief)).toEqual([
      [
        'Kari Nordmann',
        undefined,
        undefined,
        'Velkommen, alle sammen. Det jeg vil si er: vi har god tid i dag. Dette er en fortsettelse av samme tur.\n\nOg et nytt avsnitt, fortsatt Kari.',
      ],
      ['Ola Hansen', undefined, undefined, 'Takk for det. Jeg begynner.'],
      ['Kari Nordmann', 130_000, undefined, 'Fint.'],
      ['Ola Hansen', 150_000, undefined, 'Da sier jeg litt mer.'],
      ['Moderator', undefined, undefined, 'Da går vi videre.'],
    ]);
  });

  it('reads name-and-time lines with the text below (as some services export)', () => {
    const r = read('otter.txt');
    expect(r.utterances.map(brief)).toEqual([
      ['Kari Nordmann', 1000, undefined, 'Velkommen, alle sammen.'],
      ['Ola Hansen', 15_000, undefined, 'Takk. Jeg har noen tanker om dette. Og litt til.'],
      ['Kari Nordmann', 62_000, undefined, 'Fint, det tar vi med.'],
    ]);
  });

  it('keeps separate label lines of one speaker as paragraphs of one turn', () => {
    const r = importText('x.txt', 'P1: Første.\nP1: Andre.\nP2: Tredje.\n', undefined);
    expect(joinUtterances(r.utterances, r.format).map((u) => u.text)).toEqual(['Første.\n\nAndre.', 'Tredje.']);
  });
});

describe('Whisper JSON', () => {
  it('reads OpenAI whisper segments (seconds) without speakers', () => {
    const r = read('whisper.json');
    expect(r.format).toBe('whisper');
    expect(r.utterances.map(brief)).toEqual([
      [undefined, 0, 3520, 'Velkommen, alle sammen.'],
      [undefined, 3520, 5100, 'Takk, Kari.'],
    ]);
  });

  it('reads WhisperX speaker labels', () => {
    const r = read('whisperx.json');
    expect(r.flavour).toContain('speakers');
    expect(r.utterances.map(brief)).toEqual([
      ['SPEAKER_00', 31, 2500, 'Velkommen til samlingen.'],
      ['SPEAKER_00', 2600, 4000, 'Vi starter straks.'],
      ['SPEAKER_01', 4500, 7250, 'Jeg har et spørsmål først.'],
      [undefined, 7300, 8000, 'Mm.'],
    ]);
    expect(r.locate?.(2)).toEqual({ line: 5, col: 84 });
  });

  it('reads whisper.cpp offsets (milliseconds)', () => {
    expect(read('whispercpp.json').utterances.map(brief)).toEqual([
      [undefined, 0, 3200, 'Hei og velkommen.'],
      [undefined, 3200, 6000, 'Takk.'],
    ]);
  });

  it('reports broken JSON and a wrong shape by position', () => {
    expect(userError(() => importText('w.json', '{\n  "segments": [\n    { "start": 0, }\n  ]\n}\n', undefined)).problems[0]).toMatchObject(
      { line: 3, col: 19, code: 'bad-json', message: "not valid JSON: a ',' before '}' (trailing commas are not allowed in JSON)" },
    );
    expect(userError(() => importText('w.json', '{"segments": [{"text": "Kari Nordmann"} x]}', 'whisper')).problems[0]).toMatchObject({
      line: 1,
      col: 41,
      message: "not valid JSON: expected ',' or ']'",
    });
    expect(
      userError(() => importText('w.json', '{\n  "segments": [\n    { "start": "null", "text": "x" }\n  ]\n}\n', undefined)).problems[0],
    ).toMatchObject({
      line: 3,
      col: 16,
      code: 'bad-whisper',
    });
  });
});

describe('format detection and speaker labels', () => {
  it('detects by content first, then by extension', () => {
    expect(detectFormat('a.txt', 'WEBVTT\n\n')).toBe('vtt');
    expect(detectFormat('a.txt', '1\n00:00:01,000 --> 00:00:02,000\nx\n')).toBe('srt');
    expect(detectFormat('a.txt', '{"segments": []}')).toBe('whisper');
    expect(detectFormat('a.vtt', 'garbage')).toBe('vtt');
    expect(detectFormat('notes.md', 'Kari: hei')).toBe('text');
  });

  it('tells labels from speech', () => {
    expect(candidateLabel('Kari Nordmann: hei')?.label).toBe('Kari Nordmann');
    expect(candidateLabel('[P3] hei')?.label).toBe('P3');
    expect(candidateLabel('[latter] ja')).toBeUndefined();
    expect(candidateLabel('[00:01:02] ja')).toBeUndefined();
    expect(candidateLabel('Hva mener du? Jo: det')).toBeUndefined();
    expect(looksLikeName('Anne van der Berg')).toBe(true);
    expect(looksLikeName('SPEAKER_01')).toBe(true);
    expect(looksLikeName('Åse Hovland')).toBe(true);
    expect(looksLikeName('Det jeg vil si er')).toBe(false);
  });

  it('refuses an empty file', () => {
    expect(userError(() => importText('e.txt', ' \n\n', undefined)).problems[0]).toMatchObject({ line: 1, col: 1, code: 'empty' });
  });
});

describe('labels in a mostly labelled file', () => {
  it('treats every label-shaped prefix as a speaker, so odd ones are asked about, not kept as talk', () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:03.000',
      'Siri Fjell: Velkommen.',
      '',
      '00:00:03.000 --> 00:00:05.000',
      'kari nordmann: Takk.',
      '',
      '00:00:05.000 --> 00:00:07.000',
      'per.hansen@elvedal.kommune.no: Hei.',
      '',
    ].join('\n');
    expect(importText('z.vtt', vtt, undefined).utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Siri Fjell', 'Velkommen.'],
      ['kari nordmann', 'Takk.'],
      ['per.hansen@elvedal.kommune.no', 'Hei.'],
    ]);
  });

  it('takes an e-mail address as a label in plain text too', () => {
    expect(importText('x.txt', 'kari@example.no: Hei.\nOla Hansen: Hallo.\n', undefined).utterances.map((u) => u.speaker)).toEqual([
      'kari@example.no',
      'Ola Hansen',
    ]);
  });
});

describe('the JSON error finder', () => {
  it('finds no error in anything JSON.parse accepts (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(jsonError(text)).toEqual({ offset: text.length, message: 'not valid JSON' });
      }),
      { numRuns: 300 },
    );
  });

  it('points inside the text for broken JSON, never past its end', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', 'x', ':'), (v, at, junk) => {
        const good = JSON.stringify(v);
        const cut = at % (good.length + 1);
        const text = good.slice(0, cut) + junk + good.slice(cut);
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const e = jsonError(text);
        expect(e.offset).toBeLessThanOrEqual(text.length);
        if (parses) expect(e.message).toBe('not valid JSON');
        else expect(e.message).not.toBe('not valid JSON');
      }),
      { numRuns: 500 },
    );
  });
});

describe('subtitle files without blank lines between cues', () => {
  it('starts a new cue at each timing line', () => {
    const vtt = 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v A B>hei</v>\n2\n00:00:03.000 --> 00:00:04.000\n<v C D>igjen</v>\n';
    expect(importText('x.vtt', vtt, undefined).utterances.map((u) => [u.speaker, u.start, u.text])).toEqual([
      ['A B', 1000, 'hei'],
      ['C D', 3000, 'igjen'],
    ]);
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nKari: hei\n2\n00:00:03,000 --> 00:00:04,000\nKari: igjen\n';
    expect(importText('x.srt', srt, undefined).utterances.map((u) => u.text)).toEqual(['hei', 'igjen']);
  });
});
