// The fokus command line. Options are declared here so `fokus --help` is complete, but each
// command's code (and the libraries it needs) is imported only when that command runs.
import { isatty } from 'node:tty';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { Cancelled, EXIT, UserError } from './errors.js';
// The model's value lists (model.ts imports nothing), so the flags offer what the files accept.
import { CONSENT_STATUSES, GROUP_KINDS, LANGS, NOTE_KINDS, ROLES, TAG_MARKS } from './core/model.js';
import { Output, useColour, type Stream } from './ui/output.js';
import { promptsFor, type Prompter, type PromptIO } from './ui/prompt.js';

export const VERSION = '0.1.0';

export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Stream;
  stderr: Stream;
  /** Whether a person can answer questions (stdin and stdout are terminals). */
  interactive: boolean;
  /** Tests answer prompts through this. */
  prompter?: Prompter;
  /** Tests drive the real prompts through these streams. */
  promptIO?: PromptIO;
  /** The date "today" for status (tests fix it). */
  today?: string;
  /** The clock for field notes (tests fix it). */
  now?: () => number;
  /** Tests of option parsing receive the parsed arguments here instead of running the command. */
  dispatch?: (command: string, args: unknown[]) => Promise<number | void>;
}

export interface Run {
  out: Output;
  ask: (flag: string) => Prompter;
  ctx: Context;
  /** --project as given, if any. */
  project?: string;
  today: string;
}

type Loader = () => Promise<{ run: (run: Run, ...args: never[]) => Promise<number | void> }>;

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** A repeatable option limited to some values (commander's choices() cannot also collect). */
const collectOneOf =
  (choices: string[]) =>
  (v: string, prev: string[] = []) => {
    if (!choices.includes(v)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
    return [...prev, v];
  };

/** Builds a fresh program; the command's exit code lands in `state.exit`. */
/**
 * The command line. With `only`, just that command is set up (with the program's own options):
 * setting up all 28 with their options is most of what `fokus status` spends before it starts.
 */
export function createCli(ctx: Context, state: { exit: number } = { exit: 0 }, only?: string): Command {
  const wanted = (name: string) => only === undefined || only === name;
  const program = new Command('fokus');
  program
    .description('Multi-stage focus groups and action research: project, transcripts, tagging, summaries, reports.')
    .version(VERSION, '-V, --version')
    .option('-p, --project <dir>', 'the project folder (default: the nearest folder above with fokus.yaml)')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // One problem, one line: commander's "(Did you mean --json?)" joins the error it belongs to.
      outputError: (s, write) => write(`${s.trimEnd().replace(/\n\(Did you mean (.+)\?\)$/, ' (did you mean $1?)')}\n`),
    })
    .exitOverride();

  /** Wraps a lazily loaded command so options, output and prompts reach it ready-made. */
  const lazy =
    (load: Loader) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      const globals = cmd.optsWithGlobals() as { project?: string; color?: boolean };
      const out = new Output(ctx.stdout, ctx.stderr, ctx.cwd, {
        out: useColour(ctx.stdout, ctx.env, globals.color),
        err: useColour(ctx.stderr, ctx.env, globals.color),
      });
      const run: Run = {
        out,
        ask: promptsFor(ctx.interactive, ctx.prompter, ctx.promptIO),
        ctx,
        today: ctx.today ?? new Date().toISOString().slice(0, 10),
      };
      if (globals.project !== undefined) run.project = globals.project;
      if (ctx.dispatch) {
        state.exit = (await ctx.dispatch(commandPath(cmd), [...args.slice(0, -1), globals])) ?? EXIT.ok;
        return;
      }
      const mod = await load();
      // Results going to a file or another program are leak-checked before they are printed
      // (validate's own output names no one: it is how a leak is found). The check is loaded only
      // for a command that prints data, which keeps plain `fokus status | less` light; a command
      // that prints data without it is refused (Output.data), never printed unchecked.
      if (!ctx.stdout.isTTY && commandPath(cmd) !== 'validate') {
        const opts = cmd.opts() as { json?: boolean; csv?: boolean };
        if (opts.json || opts.csv || commandPath(cmd).startsWith('export '))
          out.guard = (await import('./commands/_guard.js')).stdoutGuard(run);
        else out.guard = 'not loaded';
      }
      const code = await (mod.run as (r: Run, ...a: unknown[]) => Promise<number | void>)(run, ...args.slice(0, -1));
      state.exit = code ?? EXIT.ok;
    };

  const filters = (c: Command) =>
    c
      .option('--session <id>', 'only this session (repeatable)', collect)
      .option('--group <id>', 'only this group (repeatable)', collect)
      .option('--observer <code>', "only this observer's tags (repeatable)", collect);

  if (wanted('init')) {
    program
      .command('init')
      .description('create a new project folder (asks on a terminal; flags otherwise)')
      .argument('[dir]', 'folder to create the project in', '.')
      .option('--title <title>', "the study's title")
      .addOption(new Option('--lang <lang>', 'language of reports and templates').choices([...LANGS]))
      .option('--purpose <text>', 'one or two sentences on what the study is for')
      .option('-y, --yes', 'ask nothing: use the flags and defaults')
      .option('--json', 'print what was created as JSON')
      .action(lazy(() => import('./commands/init.js')));
  }

  if (wanted('team')) {
    const team = program.command('team').description('the research team: moderators, observers, the project lead');
    team
      .command('add')
      .description('add a team member')
      .argument('<code>', 'their code in transcripts, e.g. M1 or O1')
      .addOption(new Option('--role <role>', 'moderator, observer or lead (repeatable)').argParser(collectOneOf([...ROLES])))
      .option('--name <name>', 'name shown in reports (researchers are not anonymised)')
      .option('--affiliation <text>', 'institution')
      .option('--json', 'print the team member as JSON')
      .action(lazy(() => import('./commands/team.js').then((m) => ({ run: m.add }))));
    team
      .command('list')
      .description('list the team')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/team.js').then((m) => ({ run: m.list }))));
  }

  if (wanted('group')) {
    const group = program.command('group').description('focus groups (one per site, or per kind of participant)');
    group
      .command('add')
      .description('add a group')
      .argument('<id>', 'short id, e.g. elvedal')
      .option('--name <name>', 'display name (default: the id)')
      .option('--site <site>', 'where the group meets, e.g. the municipality')
      .addOption(new Option('--kind <kind>', 'who is in it').choices([...GROUP_KINDS]).default('mixed'))
      .option('--description <text>', 'a line about the group')
      .option('--json', 'print the group as JSON')
      .action(lazy(() => import('./commands/group.js').then((m) => ({ run: m.add }))));
    group
      .command('list')
      .description('list groups')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/group.js').then((m) => ({ run: m.list }))));
  }

  if (wanted('phase')) {
    program
      .command('phase')
      .description('date an action-research phase in fokus.yaml (or add one with --name)')
      .argument('<id>', 'the phase, e.g. planning')
      .option('--name <name>', 'its name (needed to add a new phase)')
      .option('--from <date>', 'when it starts (YYYY-MM-DD)')
      .option('--to <date>', 'when it ends (YYYY-MM-DD)')
      .option('--description <text>', 'a line about it')
      .option('--json', 'print the phase as JSON')
      .action(lazy(() => import('./commands/phase.js').then((m) => ({ run: m.phase }))));
  }

  if (wanted('milestone')) {
    program
      .command('milestone')
      .description('add a milestone: a date the project reports at (a milestone note)')
      .argument('<id>', 'short id, e.g. m1')
      .requiredOption('--title <title>', 'what is due, e.g. "Milepælsnotat 1"')
      .requiredOption('--date <date>', 'when (YYYY-MM-DD)')
      .option('--phase <id>', 'the phase it closes')
      .option('--description <text>', 'a line about it')
      .option('--json', 'print the milestone as JSON')
      .action(lazy(() => import('./commands/phase.js').then((m) => ({ run: m.milestone }))));
  }

  if (wanted('participant')) {
    const participant = program.command('participant').description('participants, by code (names live only in the key)');
    participant
      .command('add')
      .description('add a participant')
      .argument('<code>', 'their code, e.g. P7')
      .requiredOption('--group <id>', 'the group they belong to')
      .requiredOption('--category <category>', 'service-user, user-representative, staff, relative, other, or one from fokus.yaml')
      .addOption(new Option('--consent <status>', 'consent status').choices([...CONSENT_STATUSES]))
      .option('--consent-date <date>', 'when consent was given (YYYY-MM-DD)')
      .option('--attr <key=value>', 'a free attribute, e.g. profession=sykepleier (repeatable)', collect)
      .option('--json', 'print the participant as JSON')
      .action(lazy(() => import('./commands/participant.js').then((m) => ({ run: m.add }))));
    participant
      .command('list')
      .description('list participants')
      .option('--group <id>', 'only this group')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/participant.js').then((m) => ({ run: m.list }))));
  }

  if (wanted('session')) {
    const session = program.command('session').description("sessions: each meeting in a group's series");
    session
      .command('add')
      .description('add a session')
      .argument('<id>', 'short id, e.g. elvedal-2')
      .requiredOption('--group <id>', 'the group meeting')
      .option('--number <n>', "its place in the group's series (default: the next)")
      .option('--date <date>', 'planned date (YYYY-MM-DD)')
      .option('--held <date>', 'the date it was held: marks it held')
      .option('--guide <name>', 'the guide (a file in guides/)')
      .option('--moderator <code>', 'the moderating team member')
      .option('--observer <code>', 'an observing team member (repeatable)', collect)
      .option('--attendees <codes>', 'participants who came, comma-separated, e.g. P1,P2,P5')
      .option('--setting <text>', 'where and how it took place')
      .option('--duration <minutes>', 'length in minutes')
      .option('--json', 'print the session as JSON')
      .action(lazy(() => import('./commands/session.js').then((m) => ({ run: m.add }))));
    session
      .command('list')
      .description('list sessions')
      .option('--group <id>', 'only this group')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/session.js').then((m) => ({ run: m.list }))));
  }

  if (wanted('guide')) {
    const guide = program.command('guide').description('questioning routes (theme guides)');
    guide
      .command('new')
      .description('create a guide from a template')
      .argument('<name>', 'file name in guides/, e.g. kjernekompetanse')
      .option('--template <template>', 'generic, core-competence or values (see fokus guide list)', 'generic')
      .addOption(new Option('--lang <lang>', "template language (default: the project's)").choices([...LANGS]))
      .option('--json', 'print what was created as JSON')
      .action(lazy(() => import('./commands/guide.js').then((m) => ({ run: m.create }))));
    guide
      .command('list')
      .description("list the project's guides and the templates")
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/guide.js').then((m) => ({ run: m.list }))));
    guide
      .command('next')
      .description("the guide for a group's next session: the last guide plus the last summary's contested points and open questions")
      .argument('<group>', 'the group')
      .option('--id <name>', 'file name in guides/ (default: <group>-<number>)')
      .option('--json', 'print what was created as JSON')
      .action(lazy(() => import('./commands/guide.js').then((m) => ({ run: m.next }))));
  }

  if (wanted('import')) {
    program
      .command('import')
      .description('import a transcript from Teams/Zoom WebVTT, SRT, plain text, Whisper JSON or Word (.docx)')
      .argument('<session>', 'the session the recording is of')
      .argument('<file>', 'the file to import')
      .addOption(new Option('--format <format>', 'the input format (default: detected)').choices(['vtt', 'srt', 'text', 'whisper', 'docx']))
      .option('--map <name=code>', 'a speaker\'s name and their code, e.g. "Kari Nordmann=P3" (repeatable; stored in the key)', collect)
      .addOption(new Option('--to <form>', 'write transcript.md or transcript.yaml').choices(['md', 'yaml']).default('md'))
      .addOption(
        new Option('--encoding <encoding>', "the file's encoding (default: UTF-8, or by byte-order mark)").choices([
          'utf-8',
          'utf-16le',
          'utf-16be',
          'windows-1252',
        ]),
      )
      .option('--force', 'replace an existing transcript')
      .option('--dry-run', 'show what would be written, write nothing')
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/import.js')));
  }

  if (wanted('transcript')) {
    const transcript = program.command('transcript').description("work with a session's transcript");
    transcript
      .command('convert')
      .description('convert a transcript between Markdown and YAML (lossless)')
      .argument('<session>', 'the session')
      .addOption(new Option('--to <form>', 'the form to write').choices(['md', 'yaml']).makeOptionMandatory())
      .option('--force', 'convert even if YAML comments would be lost')
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/transcript.js').then((m) => ({ run: m.convert }))));
    transcript
      .command('number')
      .description('write ids into turns that have none (turns added by hand)')
      .argument('<session>', 'the session')
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/transcript.js').then((m) => ({ run: m.number }))));
  }

  if (wanted('code')) {
    const code = program.command('code').description('the codebook: hierarchical codes observers tag with');
    code
      .command('add')
      .description('add a code (and any missing parents)')
      .argument('<code>', 'a path, e.g. arenaer/hjemmet')
      .option('--label <text>', 'display name')
      .option('--description <text>', 'what the code means')
      .option('--use-when <text>', 'when to use it')
      .option('--avoid-when <text>', 'when not to use it')
      .option('--colour <#rrggbb>', 'a colour for reports')
      .option('--json', 'print what was added as JSON')
      .action(lazy(() => import('./commands/code.js').then((m) => ({ run: m.add }))));
    code
      .command('list')
      .description('list the codebook with how many tags use each code')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/code.js').then((m) => ({ run: m.list }))));
    code
      .command('rename')
      .description('rename a code (and its sub-codes) in the codebook and in every tag')
      .argument('<from>', 'the code now')
      .argument('<to>', 'its new path')
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/code.js').then((m) => ({ run: m.rename }))));
    code
      .command('merge')
      .description("merge a code into another: its tags take the other's code")
      .argument('<from>', 'the code that goes away')
      .argument('<into>', 'the code that stays')
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/code.js').then((m) => ({ run: m.merge }))));
    code
      .command('remove')
      .description('remove a code; refused while tags use it, unless --move-to says where they go')
      .argument('<code>', 'the code')
      .option('--move-to <code>', "move its tags (and its sub-codes' tags) to this code")
      .option('--json', 'print the result as JSON')
      .action(lazy(() => import('./commands/code.js').then((m) => ({ run: m.remove }))));
  }

  if (wanted('tag')) {
    program
      .command('tag')
      .description("tag a session's transcript: step through turns on a terminal, or give --turn and --code")
      .argument('<session>', 'the session')
      .option('--observer <code>', 'whose tags (default: $FOKUS_OBSERVER)')
      .option('--turn <id>', 'the turn to tag, e.g. t12')
      .option('--to <id>', 'tag a run of turns from --turn through this one')
      .option('--code <code>', 'the code (repeatable)', collect)
      .option('--words <text>', 'only these exact words of the turn')
      .addOption(new Option('--mark <mark>', 'quote, consensus, minority or dissent (repeatable)').argParser(collectOneOf([...TAG_MARKS])))
      .option('--memo <text>', 'a note on the passage')
      .option('--from <file.csv>', 'add many tags from a CSV file (columns turn, code, words, to, marks, memo, observer)')
      .option('--start <id>', 'on a terminal: start at this turn instead of where you left off')
      .option('--json', 'print what was added as JSON')
      .action(lazy(() => import('./commands/tag.js').then((m) => ({ run: m.tag }))));
  }

  if (wanted('untag')) {
    program
      .command('untag')
      .description("remove an observer's tags: those on --turn, with --code, or both")
      .argument('<session>', 'the session')
      .option('--observer <code>', 'whose tags (default: $FOKUS_OBSERVER)')
      .option('--turn <id>', 'tags on this turn')
      .option('--code <code>', 'tags with this code')
      .option('--words <text>', 'only the tag quoting these words')
      .option('--json', 'print what was removed as JSON')
      .action(lazy(() => import('./commands/tag.js').then((m) => ({ run: m.untag }))));
  }

  if (wanted('observe')) {
    program
      .command('observe')
      .description('live field notes during a session, each stamped with the time and saved at once')
      .argument('<session>', 'the session')
      .option('--observer <code>', 'whose notes (default: $FOKUS_OBSERVER)')
      .option('--elapsed <hh:mm:ss>', 'the recording has already run this long')
      .addOption(new Option('--kind <kind>', 'add one note without prompts: its kind').choices([...NOTE_KINDS]))
      .option('--text <text>', 'the note (with --kind)')
      .option('--speaker <code>', 'who said it (a quote)')
      .option('--at <hh:mm:ss>', 'the time into the session (with --kind; default: now)')
      .option('--json', 'print what was added as JSON')
      .action(lazy(() => import('./commands/observe.js').then((m) => ({ run: m.observe }))));
  }

  if (wanted('notes')) {
    program
      .command('notes')
      .description("a session's field notes, each linked to the turn it falls on")
      .argument('<session>', 'the session')
      .option('--observer <code>', 'only this observer')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/observe.js').then((m) => ({ run: m.notes }))));
  }

  if (wanted('agreement')) {
    program
      .command('agreement')
      .description("agreement between observers' tags: percentage, Cohen's kappa, Krippendorff's alpha")
      .argument('[sessions...]', 'sessions to include')
      .option('--all', 'every session tagged by two or more observers')
      .option('--observers <codes>', 'compare these observers, comma-separated (default: all who tagged)')
      .option('--level <n>', 'compare codes rolled up to this level (1 = top-level codes)')
      .option('--json', 'print as JSON')
      .option('--csv', 'print the per-code table as CSV')
      .action(lazy(() => import('./commands/agreement.js')));
  }

  if (wanted('stats')) {
    filters(
      program
        .command('stats')
        .description('per code: tags, turns, speakers and sessions, by session, group, category and observer; co-occurrence')
        .option('--level <n>', 'roll codes up to this level (1 = top-level codes)')
        .option('--by <what>', 'break counts down by session, group, category or observer')
        .option('--cooccurrence', 'pairs of codes tagged on the same turn')
        .option('--json', 'print as JSON')
        .option('--csv', 'print the table as CSV'),
    ).action(lazy(() => import('./commands/stats.js')));
  }

  if (wanted('compare')) {
    filters(
      program
        .command('compare')
        .description('which perspectives raised each theme: a code x category (or group) matrix, with dissent')
        .addOption(new Option('--by <what>', 'compare participant categories or groups').choices(['category', 'group']).default('category'))
        .option('--level <n>', 'roll codes up to this level (1 = top-level codes)')
        .option('--json', 'print as JSON')
        .option('--csv', 'print the matrix as CSV'),
    ).action(lazy(() => import('./commands/compare.js')));
  }

  if (wanted('participation')) {
    program
      .command('participation')
      .description('who talked how much, who answered each guide question, and who stayed silent')
      .argument('<session>', 'the session')
      .option('--json', 'print as JSON')
      .option('--csv', 'print the table as CSV')
      .action(lazy(() => import('./commands/participation.js')));
  }

  if (wanted('search')) {
    filters(
      program
        .command('search')
        .description('keywords in context across transcripts (case-insensitive unless --case)')
        .argument('<query>', 'words to find (a regular expression with --regex)')
        .option('--regex', 'the query is a regular expression')
        .option('--case', 'match case')
        .option('--word', 'whole words only')
        .option('--code <code>', 'only turns tagged with this code or its sub-codes (repeatable)', collect)
        .option('--speaker <code>', 'only this speaker (repeatable)', collect)
        .option('--category <id>', 'only speakers of this category (repeatable)', collect)
        .option('--context <n>', 'characters of context on each side', '60')
        .option('--json', 'print as JSON')
        .option('--csv', 'print as CSV'),
    ).action(lazy(() => import('./commands/search.js')));
  }

  if (wanted('export')) {
    const exp = program
      .command('export')
      .description('the project for other tools: REFI-QDA (NVivo, ATLAS.ti, MAXQDA, QualCoder), CSV and Excel');
    exp
      .command('qdc')
      .description('the codebook as a REFI-QDA codebook (.qdc): hierarchy, descriptions, colours, stable GUIDs')
      .requiredOption('-o, --output <file>', 'the .qdc file to write')
      .option('--json', 'print what was written as JSON')
      .action(lazy(() => import('./commands/export-refi.js').then((m) => ({ run: m.qdc }))));
    exp
      .command('qdpx')
      .description(
        'the project as a REFI-QDA project (.qdpx): observers, codebook, participants as cases, transcripts, tags, memos, summaries',
      )
      .requiredOption('-o, --output <file>', 'the .qdpx file to write')
      .option('--json', 'print what was written as JSON')
      .action(lazy(() => import('./commands/export-refi.js').then((m) => ({ run: m.qdpx }))));
    for (const [name, what] of [
      ['tags', 'one row per tag: code path, session, group, turn, speaker, category, observer, marks, memo and the words'],
      ['quotes', 'the passages observers marked as quotes, attributed by code and category'],
    ] as const) {
      filters(
        exp
          .command(name)
          .description(what)
          .option('--csv', 'CSV (the default)')
          .option('--xlsx', 'an Excel workbook (needs -o)')
          .option('-o, --output <file>', 'the file to write (default: CSV to standard output)')
          .option('--code <code>', 'only this code or its sub-codes (repeatable)', collect)
          .option('--json', 'print the rows as JSON'),
      ).action(lazy(() => import('./commands/export-tags.js').then((m) => ({ run: name === 'tags' ? m.tags : m.quotes }))));
    }
  }

  if (wanted('import-qdpx')) {
    program
      .command('import-qdpx')
      .description('a new fokus project from a REFI-QDA project (.qdpx) exported by NVivo, ATLAS.ti, MAXQDA, QualCoder or fokus')
      .argument('<file>', 'the .qdpx file')
      .argument('<dir>', 'the folder to create the project in (new or empty)')
      .addOption(new Option('--lang <lang>', "the project's language (default: guessed from the texts)").choices([...LANGS]))
      .option(
        '--map <name=code>',
        'a speaker label and the participant or team code to give it, e.g. "Kari Nordmann=P3" (repeatable)',
        collect,
      )
      .option('--json', 'print what was imported as JSON')
      .action(lazy(() => import('./commands/import-qdpx.js')));
  }

  if (wanted('summarize')) {
    program
      .command('summarize')
      .description("draft a session's common-sense summary from the tags (again: keeps every point you edited)")
      .argument('<session>', 'the session')
      .addOption(
        new Option('--by <what>', 'themes by guide question or by top-level code').choices(['question', 'code']).default('question'),
      )
      .option('--level <n>', 'points per code rolled up to this level (1 = top-level codes)')
      .option('--min-voices <n>', 'a code voiced by fewer participants is a point only if marked or memoed', '2')
      .option('--dry-run', 'show what would change, write nothing')
      .option('--json', 'print the draft and the changes as JSON')
      .action(lazy(() => import('./commands/summarize.js')));
  }

  if (wanted('prepare')) {
    program
      .command('prepare')
      .description(
        "the moderator's pack for a session: guide with timings, the previous summary to validate, attendees, checklist, field-note sheet",
      )
      .argument('<session>', 'the session to prepare')
      .option('-o, --output <dir>', 'the folder to write to (default: the session folder)')
      .addOption(new Option('--format <format>', 'Markdown, Word or both').choices(['md', 'docx', 'both']).default('both'))
      .option('--with-names', "real names beside the codes, for the moderator's printed copy (needs -o outside the project)")
      .option('--with-other-groups', "add the other groups' latest summaries")
      .option('--json', 'print what was written as JSON')
      .action(lazy(() => import('./commands/prepare.js')));
  }

  if (wanted('report')) {
    program
      .command('report')
      .description('the milestone report as Word, Markdown or HTML: method, results per theme with quotes, appendices, COREQ')
      .option('--format <formats>', 'docx, md or html; several with commas or repeated (default: from -o, else docx)', collect)
      .option('-o, --output <path>', 'a file, or a folder for several formats (default: reports/<milestone>/ in the project)')
      .addOption(new Option('--lang <lang>', "the report's language (default: the project's)").choices([...LANGS]))
      .option('--milestone <id>', 'report up to this milestone (fokus.yaml design.milestones), titled by it')
      .option('--group <id>', 'only this group (repeatable)', collect)
      .option('--sessions <ids>', 'only these sessions, comma-separated', collect)
      .addOption(
        new Option('--audience <who>', 'full: the whole milestone note; participants: the short plain-language version')
          .choices(['full', 'participants'])
          .default('full'),
      )
      .option(
        '--page-numbers',
        "Word: lay the pages out to write the contents' page numbers (slower; without it Word fills them in on opening)",
      )
      .option('--json', 'print what was written as JSON')
      .action(lazy(() => import('./commands/report.js')));
  }

  if (wanted('feedback')) {
    program
      .command('feedback')
      .description("record the group's validation of a session's summary at its next session (asks on a terminal)")
      .argument('<session>', 'the session whose summary was presented')
      .option('--at <session>', 'where it was presented (default: the next session of the group)')
      .option('--date <date>', "when (default: that session's date)")
      .option(
        '--point <id=response>',
        'a response: confirmed, corrected, nuanced or rejected, e.g. p3=corrected or p1,p2=confirmed (repeatable)',
        collect,
      )
      .option('--rest <response>', 'the same response for every point not given with --point')
      .option('--by <id=codes>', 'who responded to a point, e.g. p3=P2,P5 (default: the group) (repeatable)', collect)
      .option('--note <id=text>', 'what was said about a point (repeatable)', collect)
      .option('--add <text>', 'a point the group added (repeatable)', collect)
      .option('--add-by <codes>', 'who raised the added points (default: the group)')
      .option('--add-theme <id>', 'the theme the added points belong to (default: a section of their own)')
      .option('--round-note <text>', 'a note on the validation as a whole')
      .option('--json', 'print what was recorded as JSON')
      .action(lazy(() => import('./commands/feedback.js')));
  }

  if (wanted('validate')) {
    program
      .command('validate')
      .description('check the whole project; exit 1 if problems are found')
      .option('--strict', 'count warnings as problems too')
      .option('--json', 'print problems as JSON')
      .action(lazy(() => import('./commands/validate.js')));
  }

  if (wanted('status')) {
    program
      .command('status')
      .description('where the study stands: groups, sessions, participants')
      .option('--json', 'print as JSON')
      .action(lazy(() => import('./commands/status.js')));
  }

  return program;
}

/** The command asked for, when the words can be read without commander; undefined for help and the like. */
function commandNamed(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-p' || a === '--project') i++;
    else if (a.startsWith('--project=') || a === '--no-color' || a === '--color') continue;
    else if (a.startsWith('-') || a === 'help') return undefined;
    else return args.includes('-h') || args.includes('--help') ? undefined : a;
  }
  return undefined;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Runs fokus and returns the exit code; every error ends here as one message. */
export async function runCli(argv: string[], ctx: Context): Promise<number> {
  const state = { exit: EXIT.ok as number };
  const only = commandNamed(argv.slice(2));
  let program = createCli(ctx, state, only);
  // Not one of the commands: set them all up, so commander can say which was meant.
  if (only !== undefined && program.commands.length === 0) program = createCli(ctx, state);
  const debug = /(^|,)fokus(,|$)/.test(ctx.env.DEBUG ?? '');
  try {
    await program.parseAsync(argv);
    return state.exit;
  } catch (e) {
    const out = new Output(ctx.stdout, ctx.stderr, ctx.cwd, {
      out: false,
      err: useColour(ctx.stderr, ctx.env, !argv.includes('--no-color')),
    });
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      // commander has already printed its one-line message.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UserError) {
      out.problems(e.problems.map((p) => ({ ...p, severity: 'error' })));
      if (debug) ctx.stderr.write(`${e.stack}\n`);
      return EXIT.usage;
    }
    if (e instanceof Cancelled) {
      ctx.stderr.write(`${e.message}\n`);
      return EXIT.cancelled;
    }
    const err = e as Error;
    ctx.stderr.write(
      `fokus: internal error: ${err?.message ?? String(e)}\nThis is a bug in fokus ${VERSION} (node ${process.version}); please report it with the output of DEBUG=fokus.\n`,
    );
    if (debug) ctx.stderr.write(`${err?.stack}\n`);
    return EXIT.internal;
  }
}

export async function main(argv: string[]): Promise<void> {
  // `fokus search x | head`: a reader that stops early is not an error.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  if (/(^|,)fokus(,|$)/.test(process.env.DEBUG ?? '')) process.setSourceMapsEnabled(true);
  const code = await runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    // isatty(0), not process.stdin.isTTY: reading that property sets up stdin (2 ms) for nothing.
    interactive: isatty(0) && process.stdout.isTTY === true,
  });
  process.exitCode = code;
}
