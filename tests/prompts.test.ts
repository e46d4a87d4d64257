// The questions fokus asks on a terminal, answered by question through the prompt wrapper.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cancelled } from '../src/errors.js';
import type { Prompter } from '../src/ui/prompt.js';
import { answers, fingerprint, fokusIn, smallProject, tmp } from './helpers.js';

describe('init on a terminal', () => {
  it('asks for title, language and purpose, offering the folder name as title', async () => {
    const dir = join(tmp(), 'mitt-prosjekt');
    const asked: string[] = [];
    let defaultTitle: string | undefined;
    const prompter = answers({ 'Title of the study': 'Verdier i praksis', Language: 'en', Purpose: 'Å lære av hverandre.' }, asked);
    const spy: Prompter = { ...prompter, input: async (q) => ((defaultTitle ??= q.default), prompter.input(q)) };
    const r = await fokusIn(['init', dir], { cwd: tmp(), interactive: true, prompter: spy });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Title of the study', 'Language of reports and templates', 'Purpose in a sentence or two (optional)']);
    expect(defaultTitle).toBe('mitt-prosjekt');
    const manifest = readFileSync(join(dir, 'fokus.yaml'), 'utf8');
    expect(manifest).toContain('title: Verdier i praksis\n');
    expect(manifest).toContain('purpose: Å lære av hverandre.\n');
    expect(manifest).toContain('language: en\n');
  });

  it('asks only for what the flags leave open', async () => {
    const asked: string[] = [];
    const r = await fokusIn(['init', join(tmp(), 'p'), '--title', 'T', '--lang', 'nb'], {
      cwd: tmp(),
      interactive: true,
      prompter: answers({ Purpose: '' }, asked),
    });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Purpose in a sentence or two (optional)']);
  });

  it('a cancelled question (Ctrl+C) exits 130 and writes nothing', async () => {
    const cwd = tmp();
    const cancel: Prompter = {
      input: async () => {
        throw new Cancelled();
      },
      select: async () => {
        throw new Cancelled();
      },
      confirm: async () => false,
      checkbox: async () => {
        throw new Cancelled();
      },
      pickCodes: async () => {
        throw new Cancelled();
      },
    };
    const r = await fokusIn(['init', 'x'], { cwd, interactive: true, prompter: cancel });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('cancelled; nothing was written\n');
    expect(fingerprint(cwd)).toEqual({});
  });
});

describe('import on a terminal', () => {
  it('asks who an unknown speaker is, then remembers the answer in the key', async () => {
    const dir = smallProject();
    writeFileSync(join(dir, 'møte.txt'), 'P1: Velkommen.\nOla Hansen: Takk, jeg heter Ola.\nOla Hansen: Og jeg har mer å si.\n');
    const asked: string[] = [];
    const r = await fokusIn(['import', 'hamar-1', 'møte.txt'], {
      cwd: dir,
      interactive: true,
      prompter: answers({ 'Who is "Ola Hansen"': 'P2' }, asked),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(asked).toEqual(['Who is "Ola Hansen"? (2 utterances; first: "Takk, jeg heter Ola.")']);
    expect(readFileSync(join(dir, 'sessions', 'hamar-1', 'transcript.md'), 'utf8')).toContain(
      '**P2** #t2: Takk, jeg heter P2.\n\nOg jeg har mer å si.',
    );
    expect(readFileSync(join(dir, 'key.yaml'), 'utf8')).toContain('  - code: P2\n    name: Ola Hansen\n');
  });
});
