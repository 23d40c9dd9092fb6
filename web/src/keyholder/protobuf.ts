// The protobuf wire format, read strictly: just enough to check the Fabric messages a key holder
// is asked to sign (fabric-tx.ts). A singular field that appears twice is refused rather than
// "last one wins", so that this reader and Fabric's cannot see different values in one message.

export class ProtobufError extends Error {}

interface Field {
  readonly wire: 0 | 1 | 2 | 5;
  /** Varint (wire type 0) as a bigint, else the raw bytes. */
  readonly value: bigint | Uint8Array;
}

/** A message's fields by number, in the order they appear. */
export type Fields = ReadonlyMap<number, readonly Field[]>;

function varint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  for (let i = 0; i < 10; i++) {
    if (at + i >= bytes.length) throw new ProtobufError('a varint runs past the end');
    const b = bytes[at + i]!;
    value |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return [value, at + i + 1];
  }
  throw new ProtobufError('a varint is longer than 10 bytes');
}

export function readFields(bytes: Uint8Array): Fields {
  const fields = new Map<number, Field[]>();
  let at = 0;
  while (at < bytes.length) {
    const [key, next] = varint(bytes, at);
    at = next;
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (number < 1 || number > 536_870_911) throw new ProtobufError(`field number ${number} is out of range`);
    let field: Field;
    if (wire === 0) {
      const [value, end] = varint(bytes, at);
      field = { wire, value };
      at = end;
    } else if (wire === 1 || wire === 5 || wire === 2) {
      let length = wire === 1 ? 8 : 4;
      if (wire === 2) {
        const [n, start] = varint(bytes, at);
        if (n > BigInt(bytes.length - start)) throw new ProtobufError(`field ${number} runs past the end`);
        length = Number(n);
        at = start;
      }
      if (at + length > bytes.length) throw new ProtobufError(`field ${number} runs past the end`);
      field = { wire, value: bytes.subarray(at, at + length) };
      at += length;
    } else {
      throw new ProtobufError(`field ${number} has wire type ${wire}, which Fabric's messages do not use`);
    }
    const list = fields.get(number);
    if (list) list.push(field);
    else fields.set(number, [field]);
  }
  return fields;
}

function single(fields: Fields, number: number, what: string): Field | undefined {
  const list = fields.get(number);
  if (list === undefined) return undefined;
  if (list.length > 1) throw new ProtobufError(`${what} appears ${list.length} times`);
  return list[0];
}

/** A singular bytes/string/message field; an absent one reads as empty, as in protobuf. */
export function bytesField(fields: Fields, number: number, what: string): Uint8Array {
  const f = single(fields, number, what);
  if (f === undefined) return new Uint8Array(0);
  if (f.wire !== 2 || !(f.value instanceof Uint8Array)) throw new ProtobufError(`${what} is not length-delimited`);
  return f.value;
}

/** A singular message field, read. */
export function messageField(fields: Fields, number: number, what: string): Fields {
  return readFields(bytesField(fields, number, what));
}

/** A singular string field (UTF-8, checked). */
export function stringField(fields: Fields, number: number, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytesField(fields, number, what));
  } catch (e) {
    if (e instanceof ProtobufError) throw e;
    throw new ProtobufError(`${what} is not UTF-8`);
  }
}

/** A singular varint field; an absent one reads as 0. */
export function varintField(fields: Fields, number: number, what: string): bigint {
  const f = single(fields, number, what);
  if (f === undefined) return 0n;
  if (f.wire !== 0 || typeof f.value !== 'bigint') throw new ProtobufError(`${what} is not a varint`);
  return f.value;
}

/** A repeated bytes/message field. */
export function repeatedBytes(fields: Fields, number: number, what: string): Uint8Array[] {
  return (fields.get(number) ?? []).map((f) => {
    if (f.wire !== 2 || !(f.value instanceof Uint8Array)) throw new ProtobufError(`${what} is not length-delimited`);
    return f.value;
  });
}
