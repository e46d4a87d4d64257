// What a file is, from its first bytes: cheap checks with no library behind them, so telling a
// Word file from a text file loads nothing until a Word file is really read.
import { UserError } from '../errors.js';

/** Whether the bytes start like a zip file (Word, REFI-QDA, Excel). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** An old binary Office file (Word .doc, Excel .xls): the OLE compound file signature. */
function isOldOffice(bytes: Uint8Array): boolean {
  const sig = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

export function refuseOldWord(file: string, bytes: Uint8Array): void {
  if (isOldOffice(bytes))
    throw new UserError(
      'this is an old Word .doc file (or another old Office file), which fokus cannot read; open it in Word, save it as a Word document (.docx) and import that',
      { file },
      'unsupported-format',
    );
}
