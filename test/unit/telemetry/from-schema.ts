/**
 * The TypeScript type a JSON Schema (written `as const`) describes, for the subset the beacon
 * schema uses: const, enum, type (one or a list), object properties + required, array items,
 * anyOf / oneOf, and no type at all (unknown).
 */
export type FromSchema<S> = S extends { const: infer C }
  ? C
  : S extends { enum: readonly (infer E)[] }
    ? E
    : S extends { anyOf: readonly (infer A)[] }
      ? A extends unknown
        ? FromSchema<A>
        : never
      : S extends { oneOf: readonly (infer O)[] }
        ? O extends unknown
          ? FromSchema<O>
          : never
        : S extends { type: readonly (infer T)[] }
          ? T extends unknown
            ? Primitive<T, S>
            : never
          : S extends { type: infer T }
            ? Primitive<T, S>
            : unknown;

type Primitive<T, S> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { items: infer I }
            ? FromSchema<I>[]
            : unknown[]
          : T extends 'object'
            ? ObjectOf<S>
            : never;

type Flatten<T> = { [K in keyof T]: T[K] };

type ObjectOf<S> = S extends { properties: infer P; required: readonly (infer R)[] }
  ? Flatten<{ -readonly [K in keyof P & R]-?: FromSchema<P[K]> } & { -readonly [K in Exclude<keyof P, R>]?: FromSchema<P[K]> }>
  : Record<string, unknown>;

/** True when A and B are assignable both ways (same fields, same optionality, same value types). */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
