/**
 * JSON for an SQS message body that every SQS accepts. SQS allows only #x9, #xA, #xD,
 * #x20–#xD7FF, #xE000–#xFFFD and #x10000–#x10FFFF; customers write emoji (astral characters,
 * refused by some emulators) and broken input can hold lone surrogates or U+FFFE/U+FFFF
 * (refused by SQS itself). Inside JSON strings those become \uXXXX escapes, which JSON.parse
 * turns back into exactly the same string — so nothing is lost or altered on the way.
 */
export function sqsJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\ud800-\udfff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
