// The interactive tagging flow, driven through the real prompts (@inquirer) with keystrokes on
// a stream, as an observer would at the keyboard: step, tag with a filtered code list, narrow
// to exact words, mark, memo, create a code on the spot, go back, stop, resume, cancel.
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { codedProject, fokusIn } from './helpers.js';

const KEY = { enter: '\r', down: '\x1b[B', up: '\x1b[A', space: ' ', ctrlC: '\x03' };

/** A keyboard and a screen for the prompts: wait for text to appear, then type. */
function terminal() {
  const input = new PassThrough();
  // Each prompt pipes into the screen and ends its pipe when done; a terminal stays open.
  const output = new PassThrough();
  output.end = (() => output) as typeof output.end;
  let screen = '';
  let seen = 0;
  output.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  return {
    io: { input, output },
    screen: () => screen,
    async waitFor(text: string, timeout = 5000): Promise<void> {
      const until = Date.now() + timeout;
      for (;;) {
        const at = screen.indexOf(text, seen);
        if (at >= 0) {
          seen = at + text.length;
          // Let the prompt finish drawing before keys arrive.
          await new Promise((r) => setTimeout(r, 15));
          return;
        }
        if (Date.now() > until) throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen ends:\n${screen.slice(-600)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async type(...keys: string[]): Promise<void> {
      for (const k of keys) {
        input.write(k);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

const tagsFile = (dir: string) => parse(readFileSync(join(dir, 'sessions', 'hamar-1', 'tags', 'O1.yaml'), 'utf8'));

describe('fokus tag at the keyboard', () => {
  it('steps through turns, tags exact words with a filtered code, creates a code, goes back, stops and resumes', async () => {
    const dir = codedProject();
    const term = terminal();
    const out: string[] = [];
    const running = fokusIn(['tag', 'hamar-1', '--observer', 'O1'], {
      cwd: dir,
      interactive: true,
      promptIO: term.io,
      stdout: { write: (s: string) => out.push(s) },
    });

    await term.waitFor('t1:');
    await term.type(KEY.enter); // next turn
    await term.waitFor('t2:');
    await term.type(KEY.down, KEY.enter); // tag this turn
    await term.waitFor('Codes (type to filter');
    await term.type(...'hjem');
    await term.waitFor('arenaer/hjemmet');
    await term.type(KEY.space, KEY.enter);
    await term.waitFor('Which part?');
    await term.type(KEY.down, KEY.enter); // only some words
    await term.waitFor('The exact words');
    await term.type(...'ikke her', KEY.enter);
    await term.waitFor('those words are not in this turn');
    // Clear what was typed, then the right words.
    await term.type(...Array(8).fill('\x7f'), ...'Hjemmebesøk er kjernen', KEY.enter);
    await term.waitFor('Marks');
    await term.type(KEY.space, KEY.enter); // quote
    await term.waitFor('Memo');
    await term.type(...'Kjernen i arbeidet', KEY.enter);

    await term.waitFor('t2:');
    await term.type(KEY.down, KEY.enter); // tag again: a code that does not exist yet
    await term.waitFor('Codes (type to filter');
    await term.type(...'roller/brobygger');
    await term.waitFor('+ new code roller/brobygger');
    await term.type(KEY.enter);
    await term.waitFor('New code roller/brobygger');
    await term.type(...'Bygger bro mellom bruker og tjeneste', KEY.enter);
    await term.waitFor('Which part?');
    await term.type(KEY.enter); // whole turn
    await term.waitFor('Marks');
    await term.type(KEY.enter);
    await term.waitFor('Memo');
    await term.type(KEY.enter);

    await term.waitFor('t2:');
    await term.type(KEY.down, KEY.down, KEY.enter); // previous turn
    await term.waitFor('t1:');
    await term.type(KEY.enter);
    await term.waitFor('t2:');
    await term.type(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter); // stop
    const r = await running;
    expect(r.code).toBe(0);
    const shown = out.join('');
    expect(shown).toMatch(/t2 · P1 · ansatt · 00:00:40 · 2\/8/);
    expect(shown).toMatch(/✓ arenaer\/hjemmet "Hjemmebesøk er kjernen" \[quote\] · Kjernen i arbeidet/);
    expect(shown).toMatch(/Stopped\. 2 tag\(s\) added; next time fokus tag hamar-1 resumes at t2\./);

    const file = tagsFile(dir);
    expect(file.resume).toBe('t2');
    expect(file.tags).toEqual([
      {
        code: 'arenaer/hjemmet',
        turn: 't2',
        words: 'Hjemmebesøk er kjernen',
        before: 'Jeg er mest ute i hjemmene. ',
        after: ' for oss, for da ser vi hverdagen slik',
        marks: ['quote'],
        memo: 'Kjernen i arbeidet',
      },
      { code: 'roller/brobygger', turn: 't2', words: expect.stringMatching(/^Jeg er mest ute i hjemmene\./) },
    ]);
    const codebook = parse(readFileSync(join(dir, 'codebook.yaml'), 'utf8'));
    expect(codebook.codes.slice(-2)).toEqual([
      { code: 'roller' },
      { code: 'roller/brobygger', description: 'Bygger bro mellom bruker og tjeneste' },
    ]);

    // Resumes at t2; Ctrl+C keeps the place and the tags, and exits 130.
    const again = terminal();
    const second = fokusIn(['tag', 'hamar-1', '--observer', 'O1'], {
      cwd: dir,
      interactive: true,
      promptIO: again.io,
      stdout: { write: () => true },
    });
    await again.waitFor('t2:');
    await again.type(KEY.enter);
    await again.waitFor('t3:');
    await again.type(KEY.ctrlC);
    expect((await second).code).toBe(130);
    expect(tagsFile(dir).resume).toBe('t3');
    expect(tagsFile(dir).tags).toHaveLength(2);
  }, 20_000);

  it('removes a tag on the current turn, and --start jumps to a turn', async () => {
    const dir = codedProject();
    await fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--turn', 't6', '--code', 'verdier/medvirkning', '--code', 'verdier/respekt'], {
      cwd: dir,
    });
    const term = terminal();
    const running = fokusIn(['tag', 'hamar-1', '--observer', 'O1', '--start', 't6'], {
      cwd: dir,
      interactive: true,
      promptIO: term.io,
      stdout: { write: () => true },
    });
    await term.waitFor('t6:');
    await term.type(KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter); // remove a tag here
    await term.waitFor('Remove which tags?');
    await term.type(KEY.down, KEY.space, KEY.enter); // the second: verdier/respekt
    await term.waitFor('t6:');
    await term.type(KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter);
    expect((await running).code).toBe(0);
    expect(tagsFile(dir).tags.map((t: { code: string }) => t.code)).toEqual(['verdier/medvirkning']);
  }, 20_000);
});
