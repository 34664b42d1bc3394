/**
 * Messages as the reader sees them. The library's own messages are written to be shown as they
 * are; only the argument checks speak in schema terms ("Invalid arguments for saveArticle:
 * source.text: Too big: expected string to have <=15728640 characters"), and `serve` answers an
 * oversized request in bytes. Those are put in plain words here; everything else passes through.
 */
export function plainMessage(message: string): string {
  const invalid = /^Invalid arguments for \w+: (.*)$/s.exec(message);
  if (invalid) {
    const detail = invalid[1]!;
    if (/too big|too long|<=\d+/i.test(detail)) return /text|html/.test(detail) ? 'That is too long to save as one article.' : 'That is longer than Offprint accepts.';
    if (/url/.test(detail)) return 'That is not a web address Offprint can save.';
    // A message the schema itself was given ('The text is empty') is already in words.
    const own = /: ([A-Z][^;:]*[a-z.])$/.exec(detail);
    if (own && !/expected|invalid|received/i.test(own[1]!)) return own[1]!.endsWith('.') ? own[1]! : `${own[1]}.`;
    return 'Offprint could not do that: something in the request was not as it expected.';
  }
  if (/^The request body is larger than/.test(message)) return 'That is too large to send to Offprint in one go.';
  return message;
}
