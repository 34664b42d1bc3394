/**
 * A file's bytes as base64, for importFile (a zip cannot travel as text). In slices, because
 * String.fromCharCode over a whole large file overflows the call stack.
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let at = 0; at < bytes.length; at += slice) binary += String.fromCharCode(...bytes.subarray(at, at + slice));
  return btoa(binary);
}

/** Reads a chosen file in the renderer: the bytes, as base64. */
export async function readFileAsBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}
